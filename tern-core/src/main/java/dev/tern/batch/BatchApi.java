package dev.tern.batch;

import dev.tern.cancel.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A vendor's batch API: requests submitted together, answered within hours at a discount, results
 * read once the batch ended. Implementations are thread-safe and block the calling (virtual) thread;
 * every failure is a {@link dev.tern.model.ModelException} with its kind, like the provider SPI, and
 * every method honours {@code cancel} (a null token never fires).
 */
public interface BatchApi {

    /** The vendor: "openai", "anthropic". */
    String name();

    /**
     * Submits the requests as one batch. Vendors may require one model per batch (OpenAI does).
     *
     * @return the batch right after creation
     * @throws IllegalArgumentException when the requests cannot form a batch (empty, duplicate custom ids, mixed models)
     */
    BatchStatus submit(List<BatchRequest> requests, Cancellation cancel);

    /** The batch now. */
    BatchStatus status(String batchId, Cancellation cancel);

    /**
     * Reads the results of an ended batch, one per request, in the vendor's order (map them by custom id).
     *
     * @throws dev.tern.model.ModelException BAD_REQUEST when the batch has not ended or has no results
     */
    void results(String batchId, Consumer<BatchResult> sink, Cancellation cancel);

    /** All results in a list. */
    default List<BatchResult> results(String batchId, Cancellation cancel) {
        List<BatchResult> out = new ArrayList<>();
        results(batchId, out::add, cancel);
        return out;
    }

    /** Asks the vendor to cancel the batch; answered requests keep their results. */
    BatchStatus cancel(String batchId, Cancellation cancel);
}
