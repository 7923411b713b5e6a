package dev.tern.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {

    @Test
    void nanobotSenderIdsMatchOnAnyPartAndUsernamesWithOrWithoutAt() {
        AllowList a = AllowList.of(List.of("12345", "@alice", "bob"));
        assertThat(a.allows("12345|someone")).isTrue();
        assertThat(a.allows("999|alice")).isTrue();
        assertThat(a.allows("999|@bob")).isTrue();
        assertThat(a.allows("999|mallory")).isFalse();
        assertThat(a.allows("1234")).isFalse();
        assertThat(a.allows("Alice")).as("Telegram names are case-sensitive ids here").isFalse();
        assertThat(a.allows(null)).isFalse();
    }

    @Test
    void emptyAllowsNobodyAndStarAllowsEveryone() {
        assertThat(AllowList.of(List.of()).allows("anyone")).isFalse();
        assertThat(AllowList.of(List.of()).allowsNobody()).isTrue();
        assertThat(AllowList.of(List.of(" ")).allowsNobody()).isTrue();
        assertThat(AllowList.of(List.of("*")).allows("anyone|at-all")).isTrue();
        assertThat(AllowList.of(List.of("*")).allowsNobody()).isFalse();
    }

    @Test
    void emailAddressesIgnoreCaseAndTakeDomainPatterns() {
        AllowList a = AllowList.ignoringCase(List.of("Me@Example.com", "*@team.example.org"));
        assertThat(a.allows("me@example.com")).isTrue();
        assertThat(a.allows("ME@EXAMPLE.COM")).isTrue();
        assertThat(a.allows("ann@team.example.org")).isTrue();
        assertThat(a.allows("ann@evil-team.example.org.attacker.net")).isFalse();
        assertThat(a.allows("you@example.com")).isFalse();
        assertThat(a.allows("me@example.com.evil")).isFalse();
    }
}
