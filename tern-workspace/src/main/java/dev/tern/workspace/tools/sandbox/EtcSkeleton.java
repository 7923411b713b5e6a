package dev.tern.workspace.tools.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sandbox's {@code /etc} holds: the allow-listed entries of the machine's {@code /etc} and
 * {@code passwd}/{@code group} files naming only root, the user and nobody. Equal skeletons share one
 * copy ({@link SandboxFiles}).
 *
 * @param entries names under {@code /etc} to copy (missing ones are skipped)
 * @param passwd  the {@code passwd} file's text
 * @param group   the {@code group} file's text
 */
record EtcSkeleton(List<String> entries, String passwd, String group) {

    /** What programs need from /etc; secrets ({@code shadow}, ssh keys, tokens) are never among them. */
    static final List<String> ETC = List.of("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives",
            "ssl", "ca-certificates", "ca-certificates.conf", "pki", "localtime", "timezone", "nsswitch.conf",
            "host.conf", "locale.alias", "locale.gen", "default", "mime.types", "magic", "magic.mime", "os-release",
            "debian_version", "lsb-release", "bash.bashrc", "profile", "profile.d", "inputrc", "environment",
            "protocols", "services", "terminfo", "java-17-openjdk", "java-21-openjdk", "java-25-openjdk", "python3",
            "gitconfig", "shells", "login.defs", "mke2fs.conf", "xdg");
    static final List<String> ETC_NETWORK = List.of("resolv.conf", "hosts", "gai.conf");

    EtcSkeleton {
        entries = List.copyOf(entries);
    }

    /** The skeleton of a sandbox with or without network, for the user {@code uid} named {@code user} at {@code home}. */
    static EtcSkeleton of(boolean network, long uid, String user, Path home) {
        List<String> entries = new ArrayList<>(ETC);
        if (network) entries.addAll(ETC_NETWORK);
        StringBuilder passwd = new StringBuilder("root:x:0:0:root:/root:/bin/bash\n");
        StringBuilder group = new StringBuilder("root:x:0:\n");
        if (uid != 0) {
            passwd.append(user).append(":x:").append(uid).append(':').append(uid).append("::").append(home).append(":/bin/bash\n");
            group.append(user).append(":x:").append(uid).append(":\n");
        }
        passwd.append("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        group.append("nogroup:x:65534:\n");
        return new EtcSkeleton(entries, passwd.toString(), group.toString());
    }
}
