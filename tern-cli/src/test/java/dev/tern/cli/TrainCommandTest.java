package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher's training runs, which the AOT caches are recorded from: each must go through without an error, over plain
 * http and over TLS (a run that fails fails the training).
 */
class TrainCommandTest {

    @Test
    void theServeTrainingStartsTheGatewayAnswersChatsAndStops() {
        // ServeTraining throws when /healthz, /readyz, a streamed or whole chat completion, /v1/models or /metrics fails
        TrainCommand train = new TrainCommand();
        assertThat(new CommandLine(train).execute("--serve")).isZero();
        assertThat(train.trainedOverTls).as("the gateway was also trained against the simulator on TLS").isTrue();
    }

    @Test
    void theChatTrainingRunsTheRunTrainingAndReadsALineWithChatsLineEditor() {
        // trainLineEditor throws unless ChatCommand's reader returns the line typed into the terminal
        TrainCommand train = new TrainCommand();
        assertThat(new CommandLine(train).execute("--chat")).isZero();
        assertThat(train.trainedOverTls).as("a run also went to the simulator on TLS").isTrue();
    }
}
