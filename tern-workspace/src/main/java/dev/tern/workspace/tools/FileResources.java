package dev.tern.workspace.tools;

import tools.jackson.databind.JsonNode;

/** The scheduling resource of a file call: {@code file:<absolute normalized path>}. */
final class FileResources {

    private FileResources() { }

    /** The resource of the call's {@code path} argument; never throws (bad paths fail at execution). */
    static String of(PathGuard guard, JsonNode args) {
        JsonNode p = args.get("path");
        if (p == null || !p.isString()) return null;
        try {
            return "file:" + guard.lexical(p.asString());
        } catch (ToolException e) {
            return "file:" + p.asString();
        }
    }
}
