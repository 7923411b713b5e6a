package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo is the first thing anyone sees: its answer reads as a sentence and its text matches its timeline. */
class DemoTest {

    @TempDir Path ws;

    @Test
    void theAnswerIsOneSentenceAndTheFetchNoteMatchesTheTimeline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        demo.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        demo.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int code = new CommandLine(demo).execute("--workspace", ws.toString());
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(code).as(text).isZero();
        String answer = text.substring(text.indexOf("Answer:\n") + 8, text.indexOf("\n", text.indexOf("Answer:\n") + 8));
        assertThat(answer).startsWith("  Your briefing is ready in briefing.md").endsWith("to-do list.").doesNotContain("exit code");
        assertThat(text).contains("waits " + DemoCommand.PAGE_DELAY_MS + " ms before sending each of three pages")
                .doesNotContain("take 250 ms each");
        // the note's numbers are the timeline's: each fetch's own bar time is within the stated range
        Matcher note = Pattern.compile("the 3 page fetches ran at the same time: ([\\d.]+)s of fetching in ([\\d.]+)s of wall time "
                + "\\(each took ([\\d.]+)(?:-([\\d.]+))?s").matcher(text);
        assertThat(note.find()).as(text).isTrue();
        double lo = Double.parseDouble(note.group(3)), hi = note.group(4) == null ? lo : Double.parseDouble(note.group(4));
        Matcher bars = Pattern.compile("web_fetch \\{\"url\":.*?([\\d.]+)s\\n").matcher(text);
        int seen = 0;
        while (bars.find() && seen < 3) {
            double t = Double.parseDouble(bars.group(1));
            if (t < 0.005) continue; // the cache hit of the second turn
            assertThat(t).isBetween(lo - 0.011, hi + 0.011);
            seen++;
        }
        assertThat(seen).isEqualTo(3);
        assertThat(Double.parseDouble(note.group(2))).as("they overlapped").isLessThan(Double.parseDouble(note.group(1)));
    }
}
