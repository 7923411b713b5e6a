package dev.tern.memory.graph;

/**
 * A relation to store, as the memory model extracted it: {@code subject —relation→ object}.
 *
 * @param subject     source entity name
 * @param relation    the relation ("works at", "sister of")
 * @param object      target entity name
 * @param subjectType the source's type, or null
 * @param objectType  the target's type, or null
 */
public record Triple(String subject, String relation, String object, String subjectType, String objectType) {

    public Triple {
        subject = dev.tern.memory.text.Texts.clean(subject);
        relation = dev.tern.memory.text.Texts.clean(relation);
        object = dev.tern.memory.text.Texts.clean(object);
        if (subject == null || subject.isEmpty() || relation == null || relation.isEmpty() || object == null || object.isEmpty()) {
            throw new IllegalArgumentException("a relation needs a subject, a relation and an object");
        }
    }

    public static Triple of(String subject, String relation, String object) {
        return new Triple(subject, relation, object, null, null);
    }
}
