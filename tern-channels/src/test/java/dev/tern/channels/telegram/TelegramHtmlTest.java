package dev.tern.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelegramHtmlTest {

    @Test
    void commonMarkdownBecomesTelegramHtmlAndEverythingElseIsEscaped() {
        assertThat(TelegramHtml.render("**bold** and *italic* and ~~gone~~")).isEqualTo("<b>bold</b> and <i>italic</i> and <s>gone</s>");
        assertThat(TelegramHtml.render("if a < b && c > d")).isEqualTo("if a &lt; b &amp;&amp; c &gt; d");
        assertThat(TelegramHtml.render("call `read_file(\"<x>\")` now")).isEqualTo("call <code>read_file(\"&lt;x&gt;\")</code> now");
        assertThat(TelegramHtml.render("```java\nint x = a<b ? 1 : 2;\n```")).isEqualTo("<pre><code class=\"language-java\">int x = a&lt;b ? 1 : 2;</code></pre>");
        assertThat(TelegramHtml.render("see [the docs](https://example.com/a?b=1&c=2)")).isEqualTo("see <a href=\"https://example.com/a?b=1&amp;c=2\">the docs</a>");
        assertThat(TelegramHtml.render("# Title\n- one\n- two")).isEqualTo("<b>Title</b>\n• one\n• two");
        assertThat(TelegramHtml.render("snake_case_name and 2*3*4")).isEqualTo("snake_case_name and 2*3*4");
        assertThat(TelegramHtml.render("**a *b* c**")).isEqualTo("<b>a <i>b</i> c</b>");
    }
}
