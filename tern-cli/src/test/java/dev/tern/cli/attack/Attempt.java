package dev.tern.cli.attack;

import dev.tern.workspace.permission.PermissionMode;
import java.util.Map;

/**
 * One hostile tool call a scripted model makes in a fresh workspace.
 *
 * @param hole       which hole of issue 9 it probes (1 exec, 2 protected files, 3 race, 4 deadlines, 5 windows)
 * @param name       what it tries
 * @param mode       the permission mode of the run
 * @param approveAll true: a user who approves every question (the sandbox must hold anyway); false: no one to ask
 * @param tool       the tool the model calls
 * @param arguments  its arguments ({@code OUTSIDE}, {@code HOME}, {@code PORT} replaced per run)
 * @param check      what counts as an escape, judged after the run
 */
record Attempt(int hole, String name, PermissionMode mode, boolean approveAll, String tool, Map<String, Object> arguments,
               Check check) {

    /** Judges one attempt after its run; returns a description of the escape, or null when it held. */
    @FunctionalInterface
    interface Check {
        String escape(Outcome o) throws Exception;
    }
}
