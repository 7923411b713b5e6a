package dev.tern.workspace.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandGuardTest {

    private final CommandGuard guard = new CommandGuard();

    @ParameterizedTest
    @ValueSource(strings = {
        "rm -rf /", "rm -rf /*", "rm -fr /", "rm -r -f /", "rm --recursive --force /", "rm -rf ~", "rm -rf ~/",
        "rm -rf $HOME", "rm -rf ${HOME}", "rm -rf \"$HOME\"", "rm -Rf /etc", "rm -rf /usr/", "sudo rm -rf /",
        "cd /tmp && rm -rf /", "echo hi; rm -rf / --no-preserve-root", "rm --no-preserve-root -rf /",
        "ls | xargs rm -rf /", "bash -c 'rm -rf /'", "sh -c \"rm -rf ~\"", "eval rm -rf /", "echo \"$(rm -rf /)\"",
        "x=`rm -rf ~`", "FOO=1 rm -rf /*", "/bin/rm -rf /", "nohup rm -rf / &",
        ":(){ :|:& };:", ":(){ :|: & };:", "bomb(){ bomb|bomb& };bomb",
        "mkfs.ext4 /dev/sda1", "mkfs -t ext4 /dev/sdb", "sudo mkfs.xfs /dev/nvme0n1p1",
        "dd if=/dev/zero of=/dev/sda", "dd if=/dev/urandom of=/dev/nvme0n1 bs=1M",
        "echo x > /dev/sda", "cat img >/dev/sdb1", "wipefs -a /dev/sda", "shred -n 3 /dev/sda",
        "shutdown -h now", "sudo reboot", "halt", "poweroff", "systemctl poweroff", "init 0",
        "chmod -R 777 /", "chown -R nobody /", "chmod -R 000 /etc", "timeout 5 rm -rf /", "rm -rf -- /",
        "find / -delete", "find ~ -type f -exec rm {} +",
        // the attack run of issue 9: indirections the guard used to let through
        "D=~; rm -rf \"$D\"", "D=$HOME; rm -rf ${D}", "rm -rf $(echo ~)", "rm -rf `echo /`", "X=/; rm -rf $X",
        "python3 -c 'import shutil,os; shutil.rmtree(os.path.expanduser(\"~\"))'",
        "python3 -c \"import shutil; shutil.rmtree('/')\"", "python -c 'import shutil,pathlib; shutil.rmtree(pathlib.Path.home())'",
    })
    void refusesDestructiveCommands(String command) {
        assertThat(guard.check(command)).as(command).isPresent().get().asString().startsWith("refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rm -rf ./build", "rm -rf build/", "rm -rf /tmp/tern-test-dir", "rm -rf node_modules target", "rm file.txt",
        "rm -f /etc/myapp.conf.bak", "rm -rf ~/project/build", "rm -rf $HOME/.cache/tern",
        "echo 'rm -rf /'", "echo \"mkfs is a tool\"", "grep -r shutdown docs/", "git commit -m 'reboot the halt logic'",
        "ls -la /", "du -sh /*", "cat /etc/hostname", "dd if=/dev/zero of=./disk.img bs=1M count=1",
        "echo hi > /dev/null", "cat file 2>/dev/null", "chmod -R 755 ./scripts", "chmod 777 /tmp/x",
        "find . -name '*.o' -delete", "mkdir -p a/b && cd a", "python3 -c 'print(1)'", "echo ${HOME}",
        "man mkfs", "f() { echo ok; }; f", "find . -name '*.tmp' -delete", "find / -name '*.conf'",
        "D=build; rm -rf \"$D\"", "rm -rf $(echo build)", "D=~; echo $D", "python3 -c 'import shutil; shutil.rmtree(\"build\")'",
    })
    void allowsLookAlikes(String command) {
        assertThat(guard.check(command)).as(command).isEmpty();
    }
}
