package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code read_file{path, offset?, limit?}}: reads a text file a page at a time (at most the configured
 * lines and bytes), with a footer telling the model how to read the next page. Binary files are
 * detected (NUL bytes in the first 8 KB) and not dumped. A page is read from disk again only when the
 * file changed (modification time, size or inode): the run-wide result cache cannot know about edits
 * made outside the runtime, so read_file is not marked cacheable and validates by itself.
 */
public final class ReadFileTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"path\":{\"type\":\"string\",\"description\":\"File path, relative to the workspace\"},"
            + "\"offset\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"First line to read (1-based, default 1)\"},"
            + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Maximum number of lines to read\"}},"
            + "\"required\":[\"path\"]}";

    private static final int SNIFF = 8192;
    /** Files up to this size are read to the end to report their line count; bigger ones are not. */
    private static final long COUNT_ALL_LINES_UP_TO = 32L * 1024 * 1024;

    private final PathGuard guard;
    private final int maxLines;
    private final int maxBytes;
    private final FilePageCache pages;

    public ReadFileTool(PathGuard guard, int maxLines, int maxBytes) {
        super("read_file", "Read a text file. Large files are returned a page at a time (up to " + maxLines
                        + " lines); the footer says how to read the next page.", SCHEMA,
                new ToolTraits(true, false, false, ToolTraits.DEFAULT_TIMEOUT, null)
                        .withResource(args -> FileResources.of(guard, args)));
        this.guard = guard;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.pages = new FilePageCache(Math.max(8L * 1024 * 1024, 8L * maxBytes));
    }

    /** Pages served without reading the file again (it had not changed). */
    public long unchangedHits() { return pages.hits(); }

    @Override
    protected ToolResult run(ToolCallContext call) throws IOException {
        String raw = required(call, "path");
        Path abs = guard.confined(raw);
        int offset = Math.max(1, call.integer("offset", 1));
        int limit = Math.min(maxLines, Math.max(1, call.integer("limit", maxLines)));
        ConfinedFiles.OpenFile open;
        try {
            open = guard.files().openRead(abs);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ToolException("file not found: " + raw);
        } catch (ToolException e) {
            throw e.getMessage().contains("is a directory") ? new ToolException("'" + raw + "' is a directory; use list_dir") : e;
        }
        try (open) {
            Path file = open.path();
            BasicFileAttributes attrs = open.attrs();
            String cached = pages.get(file, offset, limit, attrs);
            if (cached != null) return ToolResult.ok(cached);
            long size = attrs.size();
            if (isBinary(Channels.newInputStream(open.channel()))) {
                return ToolResult.ok("'" + raw + "' is a binary file (" + size + " bytes); its content is not shown.");
            }
            if (size == 0) return ToolResult.ok("(empty file)");
            open.channel().position(0);
            String page = page(Channels.newInputStream(open.channel()), raw, guard.display(file), offset, limit,
                    size > COUNT_ALL_LINES_UP_TO);
            pages.put(file, offset, limit, attrs, page);
            return ToolResult.ok(page);
        }
    }

    private String page(InputStream in, String raw, String shown, int offset, int limit, boolean huge) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        StringBuilder out = new StringBuilder();
        int lineNo = 0;
        int last = offset - 1;
        boolean byteCut = false;
        boolean more = false;
        long bytes = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder))) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo < offset) continue;
                if (byteCut || lineNo >= offset + limit) {
                    more = true;
                    if (huge) break;
                    continue;
                }
                long lineBytes = line.length() + 1L;
                if (bytes + lineBytes > maxBytes) {
                    if (lineNo == offset) { // a single huge line: show its start
                        out.append(line, 0, Math.max(0, maxBytes - 1)).append("\n[line ").append(lineNo)
                                .append(" truncated at ").append(maxBytes).append(" characters]\n");
                        last = lineNo;
                    } else {
                        more = true;
                    }
                    byteCut = true;
                    continue;
                }
                out.append(line).append('\n');
                bytes += lineBytes;
                last = lineNo;
            }
        }
        int total = lineNo;
        if (offset > total) {
            throw new ToolException("offset " + offset + " is past the end of '" + raw + "' (" + total + " lines)");
        }
        if (more) {
            out.append("\n[showing lines ").append(offset).append('-').append(last)
                    .append(huge ? " of a large file" : " of " + total)
                    .append(". To read more, call read_file with path=\"").append(shown).append("\" and offset=")
                    .append(last + 1).append("]");
        } else if (offset > 1) {
            out.append("\n[showing lines ").append(offset).append('-').append(last).append(" of ").append(total)
                    .append("; end of file]");
        }
        return out.toString();
    }

    /** True when the first 8 KB of {@code in} hold a NUL byte (reads them; does not close the stream). */
    static boolean isBinary(InputStream in) throws IOException {
        byte[] head = in.readNBytes(SNIFF);
        for (byte b : head) if (b == 0) return true;
        return false;
    }

    static boolean isBinary(byte[] content) {
        for (int i = 0; i < Math.min(content.length, SNIFF); i++) if (content[i] == 0) return true;
        return false;
    }
}
