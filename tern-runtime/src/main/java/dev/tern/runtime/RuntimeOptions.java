package dev.tern.runtime;

import dev.tern.workspace.permission.PermissionMode;
import dev.tern.workspace.permission.PermissionPrompter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a front-end decides before a workspace is assembled; null means "from the config".
 *
 * @param workspace      the workspace folder (required)
 * @param configFile     the config file, or null for {@code ~/.tern/config.json}
 * @param model          the model, or null
 * @param permissionMode the permission mode, or null
 * @param prompter       who asks the user for approvals, or null (then calls that need approval are denied)
 * @param maxIterations  model calls per run, or null
 * @param timeout        wall time per run, or null
 * @param env            the environment the providers read (OPENAI_*, ANTHROPIC_*, TERN_MODEL)
 * @param budget         token and money limits, warnings and fallbacks
 * @param status         one-line news while the workspace assembles ("starting MCP server fs…"), or null
 * @param noCache        {@code --no-cache}: the response cache serves nothing (fresh answers still replace stored ones)
 */
public record RuntimeOptions(Path workspace, Path configFile, String model, PermissionMode permissionMode,
                             PermissionPrompter prompter, Integer maxIterations, Duration timeout, Map<String, String> env,
                             Budget budget, Consumer<String> status, boolean noCache) {

    public RuntimeOptions {
        if (workspace == null) throw new IllegalArgumentException("workspace is required");
        env = env == null ? Map.of() : Map.copyOf(env);
        budget = budget == null ? Budget.NONE : budget;
        status = status == null ? s -> { } : status;
    }

    public RuntimeOptions(Path workspace, Path configFile, String model, PermissionMode permissionMode,
                          PermissionPrompter prompter, Integer maxIterations, Duration timeout, Map<String, String> env,
                          Budget budget, Consumer<String> status) {
        this(workspace, configFile, model, permissionMode, prompter, maxIterations, timeout, env, budget, status, false);
    }

    public RuntimeOptions(Path workspace, Path configFile, String model, PermissionMode permissionMode,
                          PermissionPrompter prompter, Integer maxIterations, Duration timeout, Map<String, String> env,
                          Budget budget) {
        this(workspace, configFile, model, permissionMode, prompter, maxIterations, timeout, env, budget, null, false);
    }

    /** These options with a sink for set-up news (the CLI's progress display). */
    public RuntimeOptions withStatus(Consumer<String> sink) {
        return new RuntimeOptions(workspace, configFile, model, permissionMode, prompter, maxIterations, timeout, env, budget, sink, noCache);
    }

    /** These options with {@code --no-cache} set or not. */
    public RuntimeOptions withNoCache(boolean v) {
        return new RuntimeOptions(workspace, configFile, model, permissionMode, prompter, maxIterations, timeout, env, budget, status, v);
    }

    public RuntimeOptions(Path workspace, Path configFile, String model, PermissionMode permissionMode,
                          PermissionPrompter prompter, Integer maxIterations, Duration timeout, Map<String, String> env) {
        this(workspace, configFile, model, permissionMode, prompter, maxIterations, timeout, env, Budget.NONE);
    }

    /** Options for a workspace with everything from the config and this environment. */
    public static RuntimeOptions of(Path workspace, Map<String, String> env) {
        return new RuntimeOptions(workspace, null, null, null, null, null, null, env, Budget.NONE);
    }
}
