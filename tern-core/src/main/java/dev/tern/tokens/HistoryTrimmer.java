package dev.tern.tokens;

import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes history fit a token budget, in whole units so the conversation stays valid for every provider:
 * <ol>
 *   <li>drops whole exchanges (a user message and everything up to the next one) before the latest
 *       user message, oldest first, so the history still starts with a user turn;</li>
 *   <li>then COMPACTS the current turn (everything after the latest user message): the contents of
 *       its earlier tool results, oldest first, are cut to their start with a note that the call ran.
 *       No step of the current turn is ever dropped: a model that no longer sees what it just did does
 *       it again (seen as 8 side-effecting commands re-run 40 times). The most recent step stays whole.</li>
 * </ol>
 * System messages and the latest user message are never dropped. If it still does not fit, the
 * caller fails the call clearly.
 */
final class HistoryTrimmer {

    /** Characters of a compacted tool result that are kept. */
    static final int KEEP = 400;

    /** The kept messages, in order, and their token total. */
    record Trim(List<Message> messages, long tokens) { }

    private HistoryTrimmer() { }

    static Trim trim(List<Message> messages, long[] sizes, long budget, java.util.function.ToLongFunction<Message> count) {
        int n = messages.size();
        boolean[] dropped = new boolean[n];
        long total = 0;
        for (long s : sizes) total += s;
        int lastUser = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage) {
                lastUser = i;
                break;
            }
        }
        // 1. whole exchanges before the latest user message
        int i = 0;
        while (total > budget && lastUser > 0) {
            while (i < lastUser && messages.get(i) instanceof SystemMessage) i++;
            if (i >= lastUser) break;
            int end = i + 1;
            while (end < lastUser && !(messages.get(end) instanceof UserMessage)) end++;
            for (int k = i; k < end; k++) {
                if (!(messages.get(k) instanceof SystemMessage)) {
                    dropped[k] = true;
                    total -= sizes[k];
                }
            }
            i = end;
        }
        // 2. compact (never drop) the tool results of the current turn's earlier steps, oldest first
        Message[] replaced = new Message[n];
        List<int[]> steps = steps(messages, lastUser + 1);
        for (int s = 0; s < steps.size() - 1 && total > budget; s++) {
            for (int k = steps.get(s)[0]; k < steps.get(s)[1] && total > budget; k++) {
                if (messages.get(k) instanceof ToolResultMessage r && r.content().length() > 2 * KEEP) {
                    ToolResultMessage c = compact(r);
                    long size = count.applyAsLong(c);
                    total += size - sizes[k];
                    replaced[k] = c;
                }
            }
        }
        List<Message> kept = new ArrayList<>(n);
        for (int k = 0; k < n; k++) if (!dropped[k]) kept.add(replaced[k] != null ? replaced[k] : messages.get(k));
        return new Trim(List.copyOf(kept), total);
    }

    /** The result cut to its start, saying that the call ran and how much was left out. */
    static ToolResultMessage compact(ToolResultMessage r) {
        String c = r.content();
        return new ToolResultMessage(r.toolCallId(), r.toolName(), c.substring(0, KEEP) + "\n[... " + (c.length() - KEEP)
                + " more characters of this earlier result were elided to fit the context window. The call already ran: "
                + "do not repeat it; re-read its output only if you need it]", r.error());
    }

    /** [start, end) of each assistant step from {@code from}: an assistant message and its tool results. */
    private static List<int[]> steps(List<Message> messages, int from) {
        List<int[]> steps = new ArrayList<>();
        int k = from;
        while (k < messages.size()) {
            int start = k++;
            if (messages.get(start) instanceof AssistantMessage) {
                while (k < messages.size() && messages.get(k) instanceof ToolResultMessage) k++;
            }
            steps.add(new int[] {start, k});
        }
        return steps;
    }
}
