package dev.tern.bench;

import dev.tern.run.RunResult;
import dev.tern.tool.ToolRegistry;
import java.util.List;
import java.util.Map;

/**
 * A client under test in a concurrency round, opened fresh for the round: Tern (an agent on one transport, wired as
 * the CLI wires it) or {@linkplain FloorClient the floor} (the same agent loop written with the JDK HttpClient and
 * Jackson, no framework). Both run the same scenario against the same simulator, so their ratios taken in one round
 * cancel what this shared VM's speed does to both.
 */
record BenchClient(AutoCloseable resource, Task blocking, Task streaming) implements AutoCloseable {

    /** The candidate name of the floor, beside the transport names. */
    static final String FLOOR = "floor";

    /** One agent run of the batch; returns null when it completed, else why it did not. */
    interface Task {
        String run(String prompt);
    }

    /**
     * @param candidate a transport name ({@link dev.tern.http.Transports}) or {@link #FLOOR}
     * @param model     the simulator's model (scenario) to call
     * @param tools     the tools of the run; the floor calls the {@code lookup} tool's logic directly
     */
    static BenchClient open(String candidate, String simBaseUrl, String model, ToolRegistry tools) {
        if (candidate.equals(FLOOR)) {
            FloorClient floor = new FloorClient(simBaseUrl + "/v1", "bench");
            List<Map<String, Object>> specs = floor.tools(tools.definitions());
            return new BenchClient(floor, floorTask(floor, model, specs, false), floorTask(floor, model, specs, true));
        }
        Rig rig = new Rig(simBaseUrl, 100_000, candidate);
        return new BenchClient(rig, agentTask(rig, model, tools, false), agentTask(rig, model, tools, true));
    }

    /**
     * What a comparison runs: the transports ({@link Rig#transports()}), then the floor unless
     * {@code -Dtern.bench.floor=false}.
     */
    static List<String> candidates() {
        List<String> out = new java.util.ArrayList<>(Rig.transports());
        if (!"false".equalsIgnoreCase(System.getProperty("tern.bench.floor"))) out.add(FLOOR);
        return List.copyOf(out);
    }

    /** How reports name a candidate. */
    static String label(String candidate) {
        return candidate.equals(FLOOR) ? "floor (JDK HttpClient + Jackson, no framework)" : candidate;
    }

    Task task(boolean stream) { return stream ? streaming : blocking; }

    private static Task agentTask(Rig rig, String model, ToolRegistry tools, boolean stream) {
        var agent = rig.agent(model, tools).streaming(stream).build();
        return prompt -> {
            RunResult r = agent.run(prompt);
            return r.completed() ? null : r.reason();
        };
    }

    private static Task floorTask(FloorClient floor, String model, List<Map<String, Object>> tools, boolean stream) {
        return prompt -> {
            try {
                floor.run(model, prompt, tools, stream, floor::lookup);
                return null;
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                return e.toString();
            }
        };
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + resource + ": " + e.getMessage(), e);
        }
    }
}
