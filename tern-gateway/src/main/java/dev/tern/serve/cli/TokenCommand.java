package dev.tern.serve.cli;

import dev.tern.serve.auth.TokenEntry;
import dev.tern.serve.auth.TokenStore;
import dev.tern.serve.auth.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tern token create NAME [--workspace DIR] [--config FILE]}: a new bearer token for user NAME. Only its
 * SHA-256 is stored (in the config file's {@code serve.tokens} with {@code --config}, else in the workspace's
 * {@code .tern/tokens.json}); the token itself is printed once, on the last line.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Bearer tokens of tern serve.",
        subcommands = TokenCommand.Create.class)
public final class TokenCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token for a user; prints it once (last line).")
    public static final class Create implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "the user (letters, digits, _ . -); their workspace is <workspace>/users/NAME")
        String name;

        @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
        Path workspace;

        @Option(names = {"-c", "--config"}, description = "store the hash in this config file (serve.tokens) instead of the workspace")
        Path config;

        @Override
        public Integer call() {
            Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
            if (config == null && !Files.isDirectory(ws)) {
                System.err.println("tern: workspace is not a folder: " + ws);
                return 3;
            }
            if (!TokenEntry.validName(name)) {
                System.err.println("tern: user name must be 1-64 of letters, digits, '_', '.', '-' (starting with a letter or digit): " + name);
                return 2;
            }
            String token = Tokens.create();
            Path where;
            try {
                where = TokenStore.add(new TokenEntry(name, Tokens.hash(token)), config, ws);
            } catch (IllegalArgumentException e) {
                System.err.println("tern: " + e.getMessage());
                return 1;
            }
            System.out.println("Token for user '" + name + "' (its SHA-256 is stored in " + where + "; the token is shown only now):");
            System.out.println(token);
            return 0;
        }
    }
}
