package dev.tern.serve.cli;

import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.TernRuntime;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.ServeConfig;
import dev.tern.serve.mcp.McpServers;
import dev.tern.serve.mcp.McpTools;
import dev.tern.serve.observe.RequestTrace;
import dev.tern.serve.observe.Telemetry;
import dev.tern.serve.turn.Responders;
import dev.tern.serve.turn.TurnService;
import dev.tern.workspace.config.ConfigException;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern mcp [--workspace DIR] [--config FILE]}: the workspace's agents and workflows as an MCP server on
 * stdio (Claude Desktop: {@code "command": "tern", "args": ["mcp", "--workspace", "..."]}). Stdout carries only
 * JSON-RPC; logs go to {@code .tern/logs/serve.log}. Ends when the client closes stdin.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, subcommands = McpApproveCommand.class,
        description = {"Serve the workspace's agents and workflows as MCP tools on stdio.",
                "'tern mcp approve' approves the MCP servers of the workspace's .mcp.json (for tern serve)."})
public final class McpCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = {"-c", "--config"}, description = "config file (default: ~/.tern/config.json)")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new McpCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        if (!Files.isDirectory(ws)) {
            System.err.println("tern: workspace is not a folder: " + ws);
            return 3;
        }
        PrintStream protocol = System.out;
        System.setOut(System.err); // nothing but JSON-RPC may reach the client's stdout
        ServeLogging.install(ws);
        CountDownLatch eof = new CountDownLatch(1);
        try (TernRuntime rt = TernRuntime.create(TernRuntime.userDir(System.getenv()))) {
            dev.tern.runtime.Budget warnings = new dev.tern.runtime.Budget(0, 0, 0, List.of(), w -> System.err.println("tern mcp: " + w));
            WorkspaceRuntime space = rt.open(new RuntimeOptions(ws, config, null, null, null, null, null, System.getenv(), warnings));
            ServeConfig sc = ServeConfig.parse(space.config().section("serve"), space.config().sourceName());
            Telemetry telemetry = Telemetry.create(System.getenv());
            TurnService turns = new TurnService(Duration.ofMinutes(5), List.of());
            McpTools tools = new McpTools(new Responders(ServeCommand.sources()), turns, telemetry, ex -> new McpTools.Target(space, RequestTrace.none()));
            InputStream in = new FilterInputStream(System.in) {
                @Override public int read() throws IOException { return eof(super.read()); }

                @Override public int read(byte[] b, int off, int len) throws IOException { return eof(super.read(b, off, len)); }

                private int eof(int n) {
                    if (n < 0) eof.countDown();
                    return n;
                }
            };
            McpSyncServer server = McpServers.stdio(new StdioServerTransportProvider(McpTools.MAPPER, in, protocol),
                    tools.specifications(space, sc.mcpExposeTools()));
            Runtime.getRuntime().addShutdownHook(new Thread(eof::countDown));
            eof.await();
            turns.stopAccepting();
            turns.cancelAll("the MCP client went away");
            turns.awaitIdle(Duration.ofSeconds(5));
            server.closeGracefully();
            telemetry.close();
            return 0;
        } catch (SetupException | ConfigException | IllegalArgumentException e) {
            System.err.println("tern: " + e.getMessage());
            return 3;
        }
    }
}
