package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's training runs, which the AOT caches are recorded from: each must go through without an error. */
class TrainCommandTest {

    @Test
    void theServeTrainingStartsTheGatewayAnswersChatsAndStops() {
        // ServeTraining throws when /healthz, /readyz, a streamed or whole chat completion, /v1/models or /metrics fails
        assertThat(new CommandLine(new TrainCommand()).execute("--serve")).isZero();
    }

    @Test
    void theChatTrainingRunsTheRunTrainingAndReadsALineWithChatsLineEditor() {
        // trainLineEditor throws unless ChatCommand's reader returns the line typed into the terminal
        assertThat(new CommandLine(new TrainCommand()).execute("--chat")).isZero();
    }
}
