package dev.tern.workspace.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses shell commands that would destroy the machine before they run: recursive deletes or
 * permission changes of {@code /}, the home folder or system folders, fork bombs, filesystem
 * formatting, raw writes to block devices, and power commands. It splits the command into simple
 * commands (outside quotes) and looks at each command word and its arguments, so look-alikes such as
 * {@code rm -rf ./build} or {@code echo "mkfs"} pass. Nested {@code bash -c '…'} / {@code eval} are
 * checked too, and so are simple indirections ({@code $(echo ~)}, a variable set to {@code ~} in the
 * same command, Python's {@code shutil.rmtree} of the home folder). A guard against accidents, not a
 * sandbox: the OS sandbox ({@code sandbox.Sandbox}) is what confines commands.
 */
public final class CommandGuard {

    private static final Pattern FORK_BOMB = Pattern.compile("(\\S+)\\s*\\(\\)\\s*\\{[^}]*\\1\\s*\\|\\s*\\1\\s*&");
    private static final Pattern BLOCK_DEVICE =
            Pattern.compile("/dev/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\\d|mmcblk\\d|disk\\d|mapper/|dm-\\d|md\\d|loop\\d)");
    private static final Pattern REDIRECT_TO_DEVICE = Pattern.compile(">\\|?\\s*" + BLOCK_DEVICE.pattern());
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\(([^()]+)\\)|`([^`]+)`");
    private static final Set<String> SYSTEM_DIRS = Set.of("bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64",
            "opt", "proc", "root", "sbin", "srv", "sys", "usr", "var", "System", "Users", "Library", "Applications");
    private static final Set<String> POWER = Set.of("shutdown", "reboot", "halt", "poweroff");
    private static final Set<String> PREFIXES = Set.of("sudo", "doas", "nohup", "time", "nice", "ionice", "env",
            "command", "exec", "builtin", "xargs", "timeout", "stdbuf", "chroot");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "fish");
    /** {@code $(echo X)} and {@code `echo X`}: X is what the shell will see. */
    private static final Pattern ECHO_SUBSTITUTION = Pattern.compile("\\$\\(\\s*echo\\s+([^()`;|&]*?)\\s*\\)|`\\s*echo\\s+([^`;|&]*?)\\s*`");
    /** {@code NAME=~}, {@code NAME=$HOME}, {@code NAME=/} (quoted or not): a variable that names a critical folder. */
    private static final Pattern CRITICAL_ASSIGNMENT = Pattern.compile(
            "(?:^|[;&|\\s(])([A-Za-z_][A-Za-z0-9_]*)=([\"']?)(~/?|\\$HOME/?|\\$\\{HOME}/?|/\\*?)\\2(?=$|[;&|\\s)])");
    /** Python deleting the home folder or the root: {@code shutil.rmtree(os.path.expanduser("~"))} and the like. */
    private static final Pattern PYTHON_RMTREE = Pattern.compile("rmtree\\s*\\(\\s*(?:os\\.path\\.expanduser\\(\\s*[\"']~/?[\"']\\s*\\)"
            + "|[\"'](?:/|~/?)[\"']|(?:pathlib\\.)?Path\\.home\\(\\)|os\\.environ\\[\\s*[\"']HOME[\"']\\s*]|os\\.getenv\\(\\s*[\"']HOME[\"']\\s*\\))");

    /** Why the command is refused, or empty when it may run. */
    public Optional<String> check(String command) {
        return check(command, 0);
    }

    private Optional<String> check(String command, int depth) {
        if (command == null || command.isBlank()) return Optional.of("the command is empty");
        if (FORK_BOMB.matcher(command).find()) return refuse("a fork bomb");
        if (REDIRECT_TO_DEVICE.matcher(command).find()) return refuse("a write to a block device");
        if (PYTHON_RMTREE.matcher(command).find()) return refuse("a recursive delete of the root or home folder from Python");
        String expanded = expand(command);
        if (!expanded.equals(command) && depth < 3) {
            Optional<String> r = check(expanded, depth + 1);
            if (r.isPresent()) return r;
        }
        if (depth < 3) {
            var subst = SUBSTITUTION.matcher(command);
            while (subst.find()) {
                String inner = subst.group(1) != null ? subst.group(1) : subst.group(2);
                Optional<String> r = inner.isBlank() ? Optional.empty() : check(inner, depth + 1);
                if (r.isPresent()) return r;
            }
        }
        for (List<String> words : ShellWords.simpleCommands(command)) {
            Optional<String> r = checkSimple(words, depth);
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }

    private Optional<String> checkSimple(List<String> all, int depth) {
        List<String> words = stripPrefixes(all);
        if (words.isEmpty()) return Optional.empty();
        String cmd = baseName(words.get(0));
        List<String> args = words.subList(1, words.size());
        switch (cmd) {
            case "rm" -> {
                if (recursive(args) && args.stream().anyMatch(CommandGuard::criticalTarget)) {
                    return refuse("a recursive delete of the root, home or a system folder");
                }
                if (args.contains("--no-preserve-root")) return refuse("rm --no-preserve-root");
            }
            case "chmod", "chown", "chgrp" -> {
                if (recursive(args) && args.stream().anyMatch(CommandGuard::criticalTarget)) {
                    return refuse("a recursive " + cmd + " of the root, home or a system folder");
                }
            }
            case "find" -> {
                boolean deletes = args.contains("-delete") || args.contains("-exec") && args.contains("rm");
                if (deletes && !args.isEmpty() && criticalTarget(args.get(0))) {
                    return refuse("a find that deletes under the root, home or a system folder");
                }
            }
            case "dd" -> {
                for (String a : args) {
                    if (a.startsWith("of=") && BLOCK_DEVICE.matcher(a).find()) return refuse("dd onto a block device");
                }
            }
            case "wipefs", "fdisk", "sfdisk", "parted", "mkswap", "shred" -> {
                if (args.stream().anyMatch(a -> BLOCK_DEVICE.matcher(a).find())) return refuse(cmd + " on a block device");
            }
            case "eval" -> {
                if (depth < 3) return check(String.join(" ", args), depth + 1);
            }
            case "init", "telinit" -> {
                if (!args.isEmpty() && (args.get(0).equals("0") || args.get(0).equals("6"))) return refuse(cmd + " " + args.get(0));
            }
            case "systemctl" -> {
                if (args.stream().anyMatch(a -> POWER.contains(a) || a.equals("kexec"))) return refuse("a systemctl power command");
            }
            default -> {
                if (cmd.equals("mkfs") || cmd.startsWith("mkfs.") || cmd.startsWith("mke2fs")) return refuse("formatting a filesystem (" + cmd + ")");
                if (POWER.contains(cmd)) return refuse("a power command (" + cmd + ")");
                if (SHELLS.contains(cmd) && depth < 3) {
                    int c = args.indexOf("-c");
                    if (c >= 0 && c + 1 < args.size()) return check(args.get(c + 1), depth + 1);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The command with what the shell would put in place of simple indirections: {@code $(echo ~)} by
     * {@code ~}, and {@code $D} / {@code ${D}} by {@code ~}, {@code $HOME} or {@code /} when the
     * command itself set {@code D} to one of them ({@code D=~; rm -rf "$D"}).
     */
    static String expand(String command) {
        String out = ECHO_SUBSTITUTION.matcher(command).replaceAll(m ->
                java.util.regex.Matcher.quoteReplacement(m.group(1) != null ? m.group(1) : m.group(2)));
        var assignments = CRITICAL_ASSIGNMENT.matcher(out);
        java.util.Map<String, String> vars = new java.util.LinkedHashMap<>();
        while (assignments.find()) vars.put(assignments.group(1), assignments.group(3));
        for (var v : vars.entrySet()) {
            out = out.replaceAll("\\$\\{" + v.getKey() + "}|\\$" + v.getKey() + "(?![A-Za-z0-9_])",
                    java.util.regex.Matcher.quoteReplacement(v.getValue()));
        }
        return out;
    }

    private static List<String> stripPrefixes(List<String> words) {
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) { i++; continue; } // VAR=value
            String b = baseName(w);
            if (!PREFIXES.contains(b)) break;
            i++;
            // options of the prefix, and a duration for `timeout`
            while (i < words.size() && (words.get(i).startsWith("-") || (b.equals("timeout") && words.get(i).matches("[0-9.]+[smhd]?")))) i++;
        }
        return new ArrayList<>(words.subList(i, words.size()));
    }

    private static boolean recursive(List<String> args) {
        for (String a : args) {
            if (a.equals("--recursive")) return true;
            if (a.startsWith("-") && !a.startsWith("--") && (a.indexOf('r') > 0 || a.indexOf('R') > 0)) return true;
        }
        return false;
    }

    /** {@code /}, {@code /*}, {@code ~}, {@code $HOME}, or a top-level system folder (with or without {@code /*}). */
    static boolean criticalTarget(String arg) {
        if (arg.startsWith("-")) return false;
        String a = arg.replace("${HOME}", "~").replace("$HOME", "~");
        while (a.length() > 1 && (a.endsWith("/") || a.endsWith("/*") || a.endsWith("/."))) {
            a = a.endsWith("/") ? a.substring(0, a.length() - 1) : a.substring(0, a.length() - 2);
        }
        if (a.isEmpty() || a.equals("/") || a.equals("~") || a.equals("/..")) return true;
        if (a.startsWith("/") && a.indexOf('/', 1) < 0) {
            String top = a.substring(1);
            return top.equals("*") || SYSTEM_DIRS.contains(top) || SYSTEM_DIRS.contains(top.toLowerCase(Locale.ROOT));
        }
        return false;
    }

    private static String baseName(String word) {
        int slash = word.lastIndexOf('/');
        return slash >= 0 && slash < word.length() - 1 ? word.substring(slash + 1) : word;
    }

    private static Optional<String> refuse(String what) {
        return Optional.of("refused: the command looks destructive (" + what + "). If it is really intended, ask the user to run it themselves.");
    }
}
