package dev.tern.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first page as two new processes list it: the first parses every file, the next reads what the first saved. */
class FirstPageTest {

    @Test
    void theNextProcessParsesNothing(@TempDir Path ws) throws Exception {
        RoutingFixture.writeGenerated(ws, 30);
        FirstPage first = FirstPage.inFreshJvm(ws, 20), next = FirstPage.inFreshJvm(ws, 20);
        assertThat(first.onPage()).isEqualTo(20);
        assertThat(first.parsedFiles()).isEqualTo(30);
        assertThat(next.onPage()).isEqualTo(20);
        assertThat(next.parsedFiles()).isZero();
        assertThat(first.millis()).isPositive();
    }
}
