package dev.tern.workspace.memory;

import java.time.Instant;
import java.util.List;

/**
 * Where a consolidation's structured result goes besides HISTORY.md: a long-term memory store
 * (episodes, facts, knowledge graph). With a sink, the memory model is asked for facts and relations
 * instead of a rewritten MEMORY.md, and sees the known facts relevant to the conversation instead of
 * the whole file.
 */
public interface ConsolidationSink {

    /**
     * What one consolidation produced.
     *
     * @param session      the session key
     * @param from         time of the first message consolidated
     * @param to           time of the last
     * @param messages     messages consolidated
     * @param conversation the conversation as the model saw it
     * @param answer       the model's answer (history entry, facts, relations, optional memory update)
     */
    record Consolidation(String session, Instant from, Instant to, int messages, String conversation, ConsolidationAnswer answer) {
        public Consolidation {
            answer = java.util.Objects.requireNonNull(answer, "answer");
        }

        public List<ExtractedFact> facts() { return answer.facts(); }

        public List<ExtractedRelation> relations() { return answer.relations(); }
    }

    /**
     * The known facts relevant to a conversation, as lines with their ids (so the model can say which
     * one a new fact replaces); "" when none.
     */
    String memoryContext(String conversation);

    /**
     * Stores the result. Throwing fails the consolidation (the session's cursor does not move; after
     * repeated failures the chunk is archived raw into HISTORY.md, so nothing is lost).
     *
     * @return true when the sink keeps MEMORY.md itself (the consolidator then leaves the file alone)
     */
    boolean accept(Consolidation consolidation);
}
