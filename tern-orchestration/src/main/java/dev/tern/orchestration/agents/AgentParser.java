package dev.tern.orchestration.agents;

import dev.tern.orchestration.files.DefinitionException;
import dev.tern.orchestration.files.Fields;
import dev.tern.workspace.skills.FrontMatter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one agent file: Claude Code's sub-agent front matter ({@code name}, {@code description},
 * {@code tools}, {@code model}) plus Tern's optional keys ({@code keywords}, {@code priority},
 * {@code maxOutputTokens}, {@code temperature}, {@code cache}, {@code batch}); the body is the system
 * prompt. Keys it does not know (Claude Code's {@code color}, ...) are ignored.
 */
public final class AgentParser {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private AgentParser() { }

    /**
     * @throws DefinitionException with the line in the file and a one-line reason
     */
    public static AgentDefinition parse(Path file, String text, AgentDefinition.Source source) {
        FrontMatter fm = Fields.frontMatter(text, "an agent file starts with '---', then at least 'name:' and "
                + "'description:', then '---' and the system prompt");
        Fields f = new Fields(fm.fields(), text);
        String stem = file.getFileName().toString().replaceFirst("\\.md$", "");
        String name = f.string("name", stem);
        if (!NAME.matcher(name).matches()) {
            throw f.error("name", "must be 1-64 letters, digits, '-', '_' or '.', got \"" + name + "\"");
        }
        String description = f.string("description", null);
        if (description == null) {
            throw new DefinitionException(f.has("description") ? f.lineOf("description") : 2,
                    "'description' is required (listings and routing use it)");
        }
        List<String> tools = f.list("tools");
        List<String> keywords = f.list("keywords");
        Integer priority = f.integer("priority", AgentDefinition.DEFAULT_PRIORITY, -1_000_000, 1_000_000);
        String maxKey = f.has("maxOutputTokens") ? "maxOutputTokens" : f.has("max_output_tokens") ? "max_output_tokens" : "maxTokens";
        Integer maxOut = f.integer(maxKey, null, 1, 10_000_000);
        Double temperature = f.number("temperature", null, 0, 2);
        return new AgentDefinition(name, description, tools, f.string("model", null), keywords, priority, maxOut,
                temperature, f.bool("cache", null), f.bool("batch", null), fm.body(), file, source);
    }
}
