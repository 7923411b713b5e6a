package dev.tern.provider.anthropic;

import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * How a Tern conversation lands on the Messages API: system messages lifted out into the system
 * blocks, and messages grouped into alternating turns (consecutive tool results and a following
 * user text merge into one user turn), plus where the prompt-cache breakpoints go.
 */
record WirePlan(List<SystemMessage> system, List<Turn> turns, int tailTurn, int previousUserTurn) {

    /** One wire message: its role and the Tern messages that make up its content blocks. */
    record Turn(String role, List<Message> parts) { }

    static WirePlan of(List<Message> messages) {
        List<SystemMessage> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (Message m : messages) {
            switch (m) {
                case SystemMessage s -> system.add(s);
                case UserMessage u -> append(turns, "user", u);
                case ToolResultMessage t -> append(turns, "user", t);
                case AssistantMessage a -> {
                    // an empty turn (no text, calls or thinking) would be rejected as an empty text block
                    if (!a.text().isEmpty() || a.hasToolCalls() || !a.thinking().isEmpty()) {
                        turns.add(new Turn("assistant", new ArrayList<>(List.of(a))));
                    }
                }
            }
        }
        int tail = turns.size() - 1;
        int previousUser = -1;
        for (int i = tail - 1; i >= 0; i--) {
            if (turns.get(i).role().equals("user")) {
                previousUser = i;
                break;
            }
        }
        return new WirePlan(system, turns, tail, previousUser);
    }

    private static void append(List<Turn> turns, String role, Message m) {
        if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
            turns.getLast().parts().add(m);
        } else {
            turns.add(new Turn(role, new ArrayList<>(List.of(m))));
        }
    }
}
