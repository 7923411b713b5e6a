package dev.tern.serve.http;

import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.auth.User;
import dev.tern.serve.observe.RequestTrace;

/** The authenticated caller of an API request: who, their workspace, the request's trace. */
public record Caller(User user, WorkspaceRuntime space, RequestTrace trace) { }
