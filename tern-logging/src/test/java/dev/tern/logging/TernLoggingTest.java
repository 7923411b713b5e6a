package dev.tern.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One logging path: SLF4J and java.util.logging both end in Tern's one-line format, filtered by verbosity. */
class TernLoggingTest {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void reset() { TernLogging.configure(Verbosity.NORMAL); }

    @Test
    void slf4jFindsTernsProviderSoThereIsNoNoProviderWarning() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(TernLoggerFactory.class);
    }

    @Test
    void byDefaultTernWarningsShowOnceInOneLineAndLibrariesAreSilent() {
        TernLogging.configure(Verbosity.NORMAL, lines::add);
        java.util.logging.Logger.getLogger("dev.tern.workspace.config.ConfigLoader").warning("unknown key 'foo'");
        LoggerFactory.getLogger("dev.tern.mcp.X").warn("from slf4j {}", 42);
        LoggerFactory.getLogger("io.modelcontextprotocol.client.McpAsyncClient").warn("library noise");
        LoggerFactory.getLogger("io.modelcontextprotocol.client.McpAsyncClient").error("library error", new IllegalStateException("x"));
        java.util.logging.Logger.getLogger("io.helidon.webserver").severe("helidon noise");
        LoggerFactory.getLogger("dev.tern.mcp.X").info("not shown by default");

        assertThat(lines).containsExactly("tern: warning: unknown key 'foo'", "tern: warning: from slf4j 42");
    }

    @Test
    void quietKeepsOnlyTernsErrors() {
        TernLogging.configure(Verbosity.QUIET, lines::add);
        LoggerFactory.getLogger("dev.tern.x").warn("a warning");
        java.util.logging.Logger.getLogger("dev.tern.x").log(java.util.logging.Level.SEVERE, "broken",
                new java.io.IOException("disk\nfull"));

        assertThat(lines).containsExactly("tern: error: broken (IOException: disk | full)");
    }

    @Test
    void verboseShowsDebugAndLibraryWarningsWithTheLoggerName() {
        TernLogging.configure(Verbosity.VERBOSE, lines::add);
        java.util.logging.Logger.getLogger("dev.tern.mcp.McpConnection").fine("ping failed");
        LoggerFactory.getLogger("io.modelcontextprotocol.spec.McpClientSession").warn("late response");
        LoggerFactory.getLogger("io.modelcontextprotocol.spec.McpClientSession").debug("not at -v");

        assertThat(lines).containsExactly("tern: debug [McpConnection]: ping failed",
                "tern: warning [McpClientSession]: late response");
    }

    @Test
    void verbosityFromFlags() {
        assertThat(Verbosity.of(true, 2)).isEqualTo(Verbosity.QUIET);
        assertThat(Verbosity.of(false, 0)).isEqualTo(Verbosity.NORMAL);
        assertThat(Verbosity.of(false, 1)).isEqualTo(Verbosity.VERBOSE);
        assertThat(Verbosity.of(false, 3)).isEqualTo(Verbosity.DEBUG);
    }
}
