package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The concurrency bench's client in its own JVM: batches run there against a real simulator, and a broken worker is an error. */
class ClientJvmTest {

    @Test
    void runsBatchesInItsOwnJvmAndReportsWhatTheyMeasured() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(ConcurrencyBench.SCENARIO)).build());
             ClientJvm client = ClientJvm.start("socket", sim.baseUrl(), List.of())) {
            assertThat(client.handle().pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(client.jvmNote()).startsWith("client JVM: Java ").contains("-Xmx1g");

            client.openClient();
            ClientJvm.Batch streamed = client.batch(20, true);
            ClientJvm.Batch blocking = client.batch(10, false);
            client.closeClient();

            for (ClientJvm.Batch b : new ClientJvm.Batch[] {streamed, blocking}) {
                assertThat(b.errors()).isZero();
                assertThat(b.firstError()).isNull();
                assertThat(b.cpuMs()).isPositive();
                assertThat(b.peakHeapBytes()).isPositive().isLessThanOrEqualTo(1L << 30);
            }
            assertThat(sim.requests()).hasSize(3 * 30); // every run made its three model calls
        }
    }

    @Test
    void aWorkerThatFailsIsAnErrorNamingIt() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(ConcurrencyBench.SCENARIO)).build());
             ClientJvm client = ClientJvm.start("floor", sim.baseUrl(), List.of())) {
            assertThatThrownBy(() -> client.batch(5, false)) // no client open: the worker refuses and exits
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the floor client JVM exited (status 1) before answering outcome");
        }
    }
}
