package dev.tern.tokens;

import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the oldest history until it fits a token budget, in whole units so the conversation stays
 * valid for every provider:
 * <ol>
 *   <li>whole exchanges (a user message and everything up to the next one) before the latest user
 *       message, oldest first, so the history still starts with a user turn;</li>
 *   <li>then, inside the latest exchange, whole assistant steps (an assistant message with the tool
 *       results that answer it), oldest first, always keeping the most recent step.</li>
 * </ol>
 * System messages and the latest user message are never dropped.
 */
final class HistoryTrimmer {

    /** The kept messages, in order, and their token total. */
    record Trim(List<Message> messages, long tokens) { }

    private HistoryTrimmer() { }

    static Trim trim(List<Message> messages, long[] sizes, long budget) {
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
        // 2. assistant steps after the latest user message, keeping the last one
        List<int[]> steps = steps(messages, lastUser + 1);
        for (int s = 0; s < steps.size() - 1 && total > budget; s++) {
            for (int k = steps.get(s)[0]; k < steps.get(s)[1]; k++) {
                if (!(messages.get(k) instanceof SystemMessage)) {
                    dropped[k] = true;
                    total -= sizes[k];
                }
            }
        }
        List<Message> kept = new ArrayList<>(n);
        for (int k = 0; k < n; k++) if (!dropped[k]) kept.add(messages.get(k));
        return new Trim(List.copyOf(kept), total);
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
