package dev.tern.memory.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link GraphStore} must do: extend it and open a fresh, empty store. */
public abstract class GraphStoreContract {

    protected static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    protected GraphStore graph;

    protected abstract GraphStore open();

    @BeforeEach
    void setUp() {
        graph = open();
    }

    @Test
    void duplicatesMergeByNormalisedNameAsTheyArrive() {
        Map<String, Long> ids = graph.upsertEntities(List.of("The Acme Corp.", "acme corp", "Ana"), Map.of("Ana", "person"), T0);
        assertThat(ids.get("The Acme Corp.")).isEqualTo(ids.get("acme corp"));
        assertThat(graph.countEntities()).isEqualTo(2);
        graph.upsertEntities(List.of("ACME CORP"), Map.of("ACME CORP", "organization"), T0.plusSeconds(60));
        Entity acme = graph.findByNames(List.of("acme corp")).getFirst();
        assertThat(acme.name()).isEqualTo("The Acme Corp.");
        assertThat(acme.type()).isEqualTo("organization");
        assertThat(acme.mentions()).isEqualTo(2);
        assertThat(graph.findByNames(List.of("ana")).getFirst().type()).isEqualTo("person");
    }

    @Test
    void aRepeatedRelationGainsWeightInsteadOfAnEdge() {
        graph.addRelations(List.of(Triple.of("Ana", "works at", "Acme")), null, T0);
        List<Relation> again = graph.addRelations(List.of(Triple.of("ana", "Works at", "ACME")), 7L, T0.plusSeconds(5));
        assertThat(graph.countRelations()).isEqualTo(1);
        assertThat(again.getFirst().weight()).isEqualTo(2.0);
        assertThat(again.getFirst().factId()).isEqualTo(7L);
        assertThat(again.getFirst().text()).isEqualTo("Ana —works at→ Acme");
    }

    @Test
    void aNeighbourhoodIsBoundedByHopsAndLimitHeaviestFirst() {
        graph.addRelations(List.of(Triple.of("Ana", "works at", "Acme"), Triple.of("Acme", "based in", "Porto"),
                Triple.of("Porto", "in", "Portugal"), Triple.of("Ana", "sister of", "Bea"), Triple.of("Ana", "sister of", "Bea")), null, T0);
        long ana = graph.findByNames(List.of("ana")).getFirst().id();
        assertThat(graph.neighbourhood(List.of(ana), 1, 10)).extracting(Relation::text)
                .containsExactly("Ana —sister of→ Bea", "Ana —works at→ Acme");
        assertThat(graph.neighbourhood(List.of(ana), 2, 10)).extracting(Relation::text)
                .contains("Acme —based in→ Porto").doesNotContain("Porto —in→ Portugal");
        assertThat(graph.neighbourhood(List.of(ana), 3, 2)).hasSize(2);
        long porto = graph.findByNames(List.of("porto")).getFirst().id();
        assertThat(graph.neighbourhood(List.of(porto), 1, 10)).extracting(Relation::text)
                .containsExactlyInAnyOrder("Acme —based in→ Porto", "Porto —in→ Portugal");
    }

    @Test
    void factsLinkToEntitiesAndUnlinkWhenForgotten() {
        Map<String, Long> ids = graph.upsertEntities(List.of("Ana", "Acme"), Map.of(), T0);
        graph.link(Map.of(1L, List.of(ids.get("Ana")), 2L, List.of(ids.get("Ana"), ids.get("Acme"))));
        graph.link(Map.of(2L, List.of(ids.get("Acme"))));
        assertThat(graph.factsOf(List.of(ids.get("Ana")), 10)).containsExactly(2L, 1L);
        assertThat(graph.entitiesOf(List.of(2L)).get(2L)).containsExactlyInAnyOrder(ids.get("Ana"), ids.get("Acme"));
        graph.unlinkFacts(List.of(2L));
        assertThat(graph.factsOf(List.of(ids.get("Ana"), ids.get("Acme")), 10)).containsExactly(1L);
    }

    @Test
    void mergingMovesEdgesAndLinksAndAddsWeights() {
        graph.addRelations(List.of(Triple.of("Robert", "works at", "Acme"), Triple.of("Bob", "works at", "Acme"),
                Triple.of("Bob", "lives in", "Porto")), null, T0);
        long robert = graph.findByNames(List.of("robert")).getFirst().id();
        long bob = graph.findByNames(List.of("bob")).getFirst().id();
        graph.link(Map.of(9L, List.of(bob)));
        graph.merge(robert, bob);
        assertThat(graph.findByNames(List.of("bob"))).isEmpty();
        assertThat(graph.neighbourhood(List.of(robert), 1, 10)).extracting(Relation::text, Relation::weight)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Robert —works at→ Acme", 2.0),
                        org.assertj.core.groups.Tuple.tuple("Robert —lives in→ Porto", 1.0));
        assertThat(graph.factsOf(List.of(robert), 5)).containsExactly(9L);
        // Robert 1 + Bob 2 mentions, Acme 2
        assertThat(graph.topEntities(2)).extracting(Entity::name, Entity::mentions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Robert", 3L), org.assertj.core.groups.Tuple.tuple("Acme", 2L));
    }
}
