package dev.tern.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseParserTest {

    private static List<SseParser.Event> parse(InputStream in) throws IOException {
        List<SseParser.Event> out = new ArrayList<>();
        new SseParser(in).run(e -> out.add(e));
        return out;
    }

    private static List<SseParser.Event> parse(String s) throws IOException {
        return parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void namedEventsMultiLineDataCommentsAndIds() throws IOException {
        List<SseParser.Event> events = parse("""
                : keep-alive comment
                event: message_start
                data: {"a":1}

                data: line one
                data: line two
                id: 7

                event: ping
                data:

                """);
        assertThat(events).containsExactly(
                new SseParser.Event("message_start", "{\"a\":1}", null),
                new SseParser.Event("message", "line one\nline two", "7"),
                new SseParser.Event("ping", "", "7"));
    }

    @Test
    void crlfAndBareCrLineEndsAndNoSpaceAfterColon() throws IOException {
        assertThat(parse("data:x\r\n\r\ndata: y\r\rdata: z\n\n"))
                .extracting(SseParser.Event::data).containsExactly("x", "y", "z");
    }

    @Test
    void utf8SplitAcrossReadsIsDecodedWhole() throws IOException {
        byte[] bytes = "data: héllo → 世界\n\n".getBytes(StandardCharsets.UTF_8);
        InputStream oneByteAtATime = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
        assertThat(parse(oneByteAtATime)).extracting(SseParser.Event::data).containsExactly("héllo → 世界");
    }

    /** A stream that hands over at most {@code size} bytes per read. */
    private static InputStream inReadsOf(byte[] bytes, int size) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(size, len));
            }
        };
    }

    @Test
    void everyWayOfSplittingTheStreamIntoReadsYieldsTheSameEvents() throws IOException {
        String stream = "event: a\r\ndata: {\"x\":1}\r\n\r\n: keep-alive\rdata:two\rdata: lines\r\rid: 9\n"
                + "data: " + "long ".repeat(900) + "\n\n" + "retry: 1500\r\ndata: é → 世界\r\n\r\n" + "data: cut off";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<SseParser.Event> whole = parse(new ByteArrayInputStream(bytes));
        assertThat(whole).extracting(SseParser.Event::data)
                .containsExactly("{\"x\":1}", "two\nlines", "long ".repeat(900), "é → 世界", "cut off");
        assertThat(whole.get(3).id()).isEqualTo("9");
        for (int size = 1; size <= bytes.length; size++) {
            SseParser parser = new SseParser(inReadsOf(bytes, size));
            List<SseParser.Event> out = new ArrayList<>();
            parser.run(e -> out.add(e));
            assertThat(out).as("reads of %d bytes", size).isEqualTo(whole);
            assertThat(parser.retryMillis()).isEqualTo(1500);
        }
    }

    @Test
    void aLineLongerThanTheBoundFailsWhicheverWayItArrives() {
        byte[] bytes = ("data: " + "x".repeat(5000) + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (int size : new int[] {1, 7, 512, 2048, bytes.length}) {
            assertThatThrownBy(() -> new SseParser(inReadsOf(bytes, size), 4096, true).run(e -> true))
                    .isInstanceOf(IOException.class).hasMessage("SSE line longer than 4096 bytes");
        }
        byte[] fits = ("data: " + "x".repeat(4090) + "\n\n").getBytes(StandardCharsets.UTF_8);
        assertThatCode(() -> new SseParser(inReadsOf(fits, 100), 4096, true).run(e -> true)).doesNotThrowAnyException();
    }

    @Test
    void lastEventWithoutBlankLineIsStillDelivered() throws IOException {
        assertThat(parse("data: a\n\ndata: [DONE]")).extracting(SseParser.Event::data).containsExactly("a", "[DONE]");
    }

    @Test
    void handlerCanStopEarlyAndFieldsWithoutDataDispatchNothing() throws IOException {
        List<String> seen = new ArrayList<>();
        SseParser p = new SseParser(new ByteArrayInputStream(
                "event: lonely\n\ndata: 1\n\ndata: [DONE]\n\ndata: never\n\n".getBytes(StandardCharsets.UTF_8)));
        boolean stopped = p.run(e -> {
            seen.add(e.data());
            return !e.data().equals("[DONE]");
        });
        assertThat(stopped).isTrue();
        assertThat(seen).containsExactly("1", "[DONE]");
        assertThat(p.events()).isEqualTo(2);
    }

    @Test
    void garbageWithoutFieldsYieldsNoEvents() throws IOException {
        SseParser p = new SseParser(new ByteArrayInputStream("<html>oops</html>\nnot sse\n".getBytes(StandardCharsets.UTF_8)));
        p.run(e -> true);
        assertThat(p.events()).isZero();
    }
}
