package dev.tern.serve.http;

import dev.tern.runtime.SetupException;
import dev.tern.serve.auth.Authenticator;
import dev.tern.serve.auth.RateLimiter;
import dev.tern.serve.auth.User;
import dev.tern.serve.observe.RequestTrace;
import dev.tern.serve.observe.Telemetry;
import dev.tern.serve.observe.TraceIds;
import dev.tern.serve.openai.ApiError;
import dev.tern.serve.turn.TurnService;
import dev.tern.serve.users.UserSpaces;
import dev.tern.store.StoreException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every request goes through: a request id (the {@code x-request-id} answer header, in the access log
 * line and every other log line of the request, an attribute of its spans), a trace (the {@code X-Trace-Id}
 * header; a server span when tracing is on), and for API calls authentication (401 once any token exists), the per-user rate
 * limit (429 with {@code Retry-After}), the caller's workspace, and errors in OpenAI's shape — never a stack
 * trace, never an HTML page.
 */
public final class Routes {

    /** The request id header (OpenAI's name; a proxy's incoming one is kept when it is a plain token). */
    public static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName TRACE_ID = HeaderNames.create("X-Trace-Id");
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    static final Logger ACCESS = Logger.getLogger("dev.tern.serve.access");
    private static final Logger LOG = Logger.getLogger(Routes.class.getName());

    private final Authenticator auth;
    private final RateLimiter limiter;
    private final UserSpaces users;
    private final Telemetry telemetry;

    public Routes(Authenticator auth, RateLimiter limiter, UserSpaces users, Telemetry telemetry) {
        this.auth = auth;
        this.limiter = limiter;
        this.users = users;
        this.telemetry = telemetry;
    }

    /** The filter that traces and logs every request. */
    public Filter tracing() {
        return (chain, req, res) -> {
            String method = req.prologue().method().text();
            String route = route(req.path().path());
            RequestTrace t = telemetry.startRequest(method, route, req.headers().first(TRACEPARENT).orElse(null),
                    TraceIds.requestId(req.headers().first(REQUEST_ID).orElse(null)));
            req.context().register(t);
            res.header(REQUEST_ID, t.requestId());
            res.header(TRACE_ID, t.traceId());
            try {
                chain.proceed();
            } finally {
                int status = res.status().code();
                telemetry.endRequest(t, status);
                if (ACCESS.isLoggable(Level.INFO)) {
                    ACCESS.info(t.logPrefix() + " " + method + " " + req.path().path() + " " + status + " "
                            + (System.nanoTime() - t.startNanos()) / 1_000_000 + "ms");
                }
            }
        };
    }

    /** An API handler behind authentication, the rate limit and OpenAI-shaped errors. */
    public Handler api(ApiHandler h) {
        return (req, res) -> {
            RequestTrace t = trace(req);
            try {
                User user = auth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
                if (user == null) throw ApiError.unauthorized();
                long wait = limiter.acquire(user.name());
                if (wait > 0) throw ApiError.rateLimited(wait);
                h.handle(req, res, new Caller(user, space(user), t));
            } catch (ApiError e) {
                answer(res, e);
            } catch (IllegalArgumentException e) {
                answer(res, ApiError.badRequest(null, e.getMessage()));
            } catch (TurnService.BusyException e) {
                answer(res, ApiError.busy(e.getMessage()));
            } catch (TurnService.DrainingException e) {
                answer(res, ApiError.unavailable(e.getMessage()));
            } catch (StoreException | SetupException e) {
                LOG.warning(t.logPrefix() + " " + e.getMessage());
                answer(res, new ApiError(500, "server_error", null, null, e.getMessage(), 0));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, t.logPrefix() + " internal error", e);
                answer(res, internal(t));
            }
        };
    }

    /** A plain handler with the same error answers (no authentication). */
    public Handler open(Handler h) {
        return (req, res) -> {
            try {
                h.handle(req, res);
            } catch (ApiError e) {
                answer(res, e);
            } catch (RuntimeException e) {
                RequestTrace t = trace(req);
                LOG.log(Level.SEVERE, t.logPrefix() + " internal error", e);
                answer(res, internal(t));
            }
        };
    }

    /** Any unknown path: 404 in OpenAI's shape. */
    public Handler notFound() {
        return (req, res) -> answer(res, ApiError.notFound("not_found", "Unknown path " + req.prologue().method().text() + " " + req.path().path()));
    }

    private dev.tern.runtime.WorkspaceRuntime space(User user) {
        try {
            return users.of(user);
        } catch (java.io.UncheckedIOException e) {
            throw new SetupException(e.getMessage());
        }
    }

    private static ApiError internal(RequestTrace t) {
        return new ApiError(500, "server_error", null, null, "internal error (request " + t.requestId() + ")", 0);
    }

    static RequestTrace trace(ServerRequest req) {
        return req.context().get(RequestTrace.class).orElseGet(RequestTrace::none);
    }

    private static void answer(ServerResponse res, ApiError e) {
        if (res.isSent()) return;
        Http.error(res, e);
    }

    /** The route of a path for span names (ids replaced, so names stay few). */
    static String route(String path) {
        if (path.startsWith("/v1/sessions/")) return "/v1/sessions/{id}";
        if (path.startsWith("/v1/models/")) return "/v1/models/{id}";
        return path;
    }
}
