package dev.tern.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.RunContext;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.StreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackModelsTest {

    static final ModelInterceptor.CallContext CALL =
            new ModelInterceptor.CallContext(RunContext.standalone(null), 1, false, StreamListener.NONE);
    static final ChatRequest REQUEST = ChatRequest.builder("primary").messages(List.of(Message.user("hi"))).build();

    final List<String> tried = new ArrayList<>();

    /** A provider where some models fail with a given kind, the others answer (without naming themselves). */
    ModelInterceptor.Chain provider(Map<String, Kind> failing) {
        return r -> {
            tried.add(r.model());
            Kind k = failing.get(r.model());
            if (k != null) throw new ModelException(k, "test", r.model() + " failed: " + k);
            return new ChatResponse(AssistantMessage.ofText("from " + r.model()), null, null, null, null);
        };
    }

    @Test
    void movesToTheNextModelOnTransientFailuresAndSaysWhichAnswered() {
        List<String> switches = new ArrayList<>();
        FallbackModels f = new FallbackModels(List.of("backup", "last"), FallbackModels.TRANSIENT,
                (run, failed, error, next) -> switches.add(failed + " -> " + next + " (" + error.kind() + ")"));
        ChatResponse r = f.intercept(REQUEST, CALL, provider(Map.of("primary", Kind.OVERLOADED, "backup", Kind.RATE_LIMITED)));
        assertThat(r.model()).isEqualTo("last");
        assertThat(r.message().text()).isEqualTo("from last");
        assertThat(tried).containsExactly("primary", "backup", "last");
        assertThat(switches).containsExactly("primary -> backup (OVERLOADED)", "backup -> last (RATE_LIMITED)");
    }

    @Test
    void thePrimaryAnsweringNeedsNoFallback() {
        ChatResponse r = new FallbackModels(List.of("backup")).intercept(REQUEST, CALL, provider(Map.of()));
        assertThat(r.model()).isEqualTo("primary");
        assertThat(tried).containsExactly("primary");
    }

    @Test
    void nonTransientFailuresAreNotRetriedElsewhere() {
        FallbackModels f = new FallbackModels(List.of("backup"));
        for (Kind k : List.of(Kind.BAD_REQUEST, Kind.AUTHENTICATION, Kind.CONTEXT_LENGTH, Kind.BUDGET)) {
            tried.clear();
            assertThatThrownBy(() -> f.intercept(REQUEST, CALL, provider(Map.of("primary", k))))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(k));
            assertThat(tried).containsExactly("primary");
        }
    }

    @Test
    void whenEveryModelFailsTheLastErrorCarriesTheOthers() {
        FallbackModels f = new FallbackModels(List.of("backup", "primary")); // duplicates are tried once
        assertThatThrownBy(() -> f.intercept(REQUEST, CALL, provider(Map.of("primary", Kind.SERVER, "backup", Kind.TIMEOUT))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("backup failed: TIMEOUT");
                    assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("primary failed: SERVER");
                });
        assertThat(tried).containsExactly("primary", "backup");
    }
}
