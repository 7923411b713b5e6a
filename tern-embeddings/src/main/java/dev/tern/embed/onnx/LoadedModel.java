package dev.tern.embed.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.tern.embed.EmbeddingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/** One ONNX Runtime session plus its tokenizer: what is loaded lazily and released when idle. */
final class LoadedModel implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final BertTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final String outputName;
    private final ExecutorService runner;
    /** Model runs at once, on the run threads and on callers' own threads together: never more than there are run threads. */
    private final Semaphore running;
    /**
     * Runs on virtual threads' carriers at once: never every carrier, so a model run holding its carrier leaves the rest of
     * the virtual threads (a gateway's other requests) at least one.
     */
    private final Semaphore onCarriers;

    private LoadedModel(OrtEnvironment env, OrtSession session, BertTokenizer tokenizer, int runThreads) throws OrtException {
        this.env = env;
        this.running = new Semaphore(runThreads);
        this.onCarriers = new Semaphore(carrierRuns(runThreads, carriers()));
        this.runner = Executors.newFixedThreadPool(runThreads,
                Thread.ofPlatform().daemon().name("tern-embed-run-", 0).factory());
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
        this.outputName = session.getOutputNames().contains("last_hidden_state")
                ? "last_hidden_state" : session.getOutputNames().iterator().next();
    }

    static LoadedModel load(OnnxEmbedderOptions options) {
        MiniLmModel model = options.model();
        ClassLoader cl = LoadedModel.class.getClassLoader();
        URL modelUrl = cl.getResource(model.modelResource());
        if (modelUrl == null) {
            throw new EmbeddingException("model " + model.id() + " is not on the class path: add the Maven artifact "
                    + model.artifact() + " (resource " + model.modelResource() + ")");
        }
        BertTokenizer tokenizer = BertTokenizer.forModel(model, options.maxTokens());
        NativeLibraries.use(NativeLibraries.defaultCache()); // before ONNX Runtime loads them (once per process)
        // ERROR: ONNX Runtime prints nothing on a healthy run (its warnings go to stderr otherwise)
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "tern-embeddings");
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            // idle ORT threads must not spin: on a 2-core machine a spinning pool steals the other core
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
            so.addConfigEntry("session.inter_op.allow_spinning", "0");
            ByteBuffer bytes = readDirect(modelUrl);
            OrtSession session = env.createSession(bytes, so);
            return new LoadedModel(env, session, tokenizer, options.concurrentRuns());
        } catch (OrtException | IOException e) {
            throw new EmbeddingException("cannot load " + model.id() + " into ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** The model bytes in a direct buffer: no 90 MB heap array for the fp32 graph. */
    private static ByteBuffer readDirect(URL url) throws IOException {
        URLConnection c = url.openConnection();
        long length = c.getContentLengthLong();
        try (InputStream in = c.getInputStream()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(length > 0 ? Math.toIntExact(length) : 32 << 20);
            byte[] chunk = new byte[1 << 16];
            int r;
            while ((r = in.read(chunk)) > 0) {
                if (buf.remaining() < r) {
                    ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(buf.capacity() * 2, buf.position() + r));
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                }
                buf.put(chunk, 0, r);
            }
            buf.flip();
            return buf;
        }
    }

    /** Platform threads that run the model for bulk calls, and for callers that cannot run it themselves. */
    ExecutorService runner() {
        return runner;
    }

    /**
     * Takes a run slot for the calling thread to run the model itself, if one is free now; for a virtual thread only while
     * another carrier also stays free for the other virtual threads. {@link #endRunHere} gives it back.
     */
    boolean tryStartRunHere() {
        if (!Thread.currentThread().isVirtual()) {
            return running.tryAcquire();
        }
        if (!onCarriers.tryAcquire()) {
            return false;
        }
        if (running.tryAcquire()) {
            return true;
        }
        onCarriers.release();
        return false;
    }

    /** Gives back what {@link #tryStartRunHere} took, on the same thread. */
    void endRunHere() {
        running.release();
        if (Thread.currentThread().isVirtual()) {
            onCarriers.release();
        }
    }

    /** Waits for a run slot (a run thread, while callers may be running the model on their own threads). */
    void startRun() {
        running.acquireUninterruptibly();
    }

    void endRun() {
        running.release();
    }

    /**
     * How many model runs may hold a virtual thread's carrier at once: fewer than the carriers (one stays free for the other
     * virtual threads), and no more than the run slots. 0 on a single carrier: there every run goes to a run thread.
     */
    static int carrierRuns(int runThreads, int carriers) {
        return Math.max(0, Math.min(runThreads, carriers - 1));
    }

    /** The virtual-thread scheduler's carriers: its parallelism, as the JDK sets it. */
    static int carriers() {
        Integer set = Integer.getInteger("jdk.virtualThreadScheduler.parallelism");
        return set != null && set > 0 ? set : Runtime.getRuntime().availableProcessors();
    }

    BertTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * One model run over texts already tokenised, padded to the longest: mean pooling over the
     * attention mask, then L2 normalisation (sentence-transformers' Pooling + Normalize modules).
     */
    float[][] run(int[][] tokens) {
        int batch = tokens.length;
        int len = 0;
        for (int[] t : tokens) {
            len = Math.max(len, t.length);
        }
        int pad = tokenizer.vocabulary().padId();
        LongBuffer ids = direct(batch * len);
        LongBuffer mask = direct(batch * len);
        for (int[] t : tokens) {
            for (int j = 0; j < len; j++) {
                boolean real = j < t.length;
                ids.put(real ? t[j] : pad);
                mask.put(real ? 1 : 0);
            }
        }
        ids.flip();
        mask.flip();
        long[] shape = {batch, len};
        OnnxTensor idsT = null;
        OnnxTensor maskT = null;
        OnnxTensor typesT = null;
        try {
            idsT = OnnxTensor.createTensor(env, ids, shape);
            maskT = OnnxTensor.createTensor(env, mask, shape);
            Map<String, OnnxTensor> inputs;
            if (wantsTokenTypes) {
                typesT = OnnxTensor.createTensor(env, direct(batch * len), shape); // all zeros: one segment
                inputs = Map.of("input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT);
            } else {
                inputs = Map.of("input_ids", idsT, "attention_mask", maskT);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor out = (OnnxTensor) result.get(outputName).orElseThrow();
                long[] outShape = out.getInfo().getShape();
                int dim = (int) outShape[2];
                return pool(out.getFloatBuffer(), tokens, len, dim);
            }
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime inference failed: " + e.getMessage(), e);
        } finally {
            close(idsT);
            close(maskT);
            close(typesT);
        }
    }

    private static float[][] pool(FloatBuffer hidden, int[][] tokens, int len, int dim) {
        float[][] out = new float[tokens.length][];
        float[] row = new float[dim];
        for (int b = 0; b < tokens.length; b++) {
            float[] sum = new float[dim];
            int n = tokens[b].length; // the attention mask is 1 exactly on the first n positions
            int base = b * len * dim;
            for (int j = 0; j < n; j++) {
                hidden.get(base + j * dim, row);
                for (int d = 0; d < dim; d++) {
                    sum[d] += row[d];
                }
            }
            double norm = 0;
            float inv = 1f / Math.max(n, 1e-9f);
            for (int d = 0; d < dim; d++) {
                sum[d] *= inv;
                norm += (double) sum[d] * sum[d];
            }
            float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < dim; d++) {
                sum[d] *= scale;
            }
            out[b] = sum;
        }
        return out;
    }

    private static LongBuffer direct(int n) {
        return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    private static void close(OnnxTensor t) {
        if (t != null) {
            t.close();
        }
    }

    @Override
    public void close() {
        runner.shutdownNow(); // idle: the model is only closed while no call holds it
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("cannot release the ONNX session: " + e.getMessage(), e);
        }
    }
}
