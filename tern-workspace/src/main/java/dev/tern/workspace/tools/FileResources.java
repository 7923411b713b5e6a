package dev.tern.workspace.tools;

import dev.tern.json.JsonObject;
import dev.tern.json.JsonString;

/** The scheduling resource of a file call: {@code file:<absolute normalized path>}. */
final class FileResources {

    private FileResources() { }

    /** The resource of the call's {@code path} argument; never throws (bad paths fail at execution). */
    static String of(PathGuard guard, JsonObject args) {
        if (!(args.get("path") instanceof JsonString p)) return null;
        try {
            return "file:" + guard.lexical(p.value());
        } catch (ToolException e) {
            return "file:" + p.value();
        }
    }
}
