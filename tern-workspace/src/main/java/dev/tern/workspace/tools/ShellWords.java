package dev.tern.workspace.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * A small shell lexer for the command guard: splits a command line into simple commands (on
 * {@code ; & | && || newline ( ) { } $( `}, outside quotes) made of words with quotes and
 * backslashes removed. Not a full shell parser; errs on the side of splitting.
 */
final class ShellWords {

    private ShellWords() { }

    static List<List<String>> simpleCommands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else word.append(c);
                continue;
            }
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
                continue;
            }
            boolean separator = c == ';' || c == '&' || c == '|' || c == '\n' || c == '(' || c == ')' || c == '`'
                    || (c == '{' || c == '}') && quote == 0 && !inWord;
            if (quote == '"') { // command substitutions inside are checked separately by the guard
                if (c == '"') quote = 0;
                else word.append(c);
                continue;
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
                inWord = true;
                continue;
            }
            if (separator || Character.isWhitespace(c)) {
                if (inWord) {
                    String w = word.toString();
                    if (c == '(' && w.endsWith("$")) w = w.substring(0, w.length() - 1);
                    if (!w.isEmpty()) words.add(w);
                    word.setLength(0);
                    inWord = false;
                }
                if (separator && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                continue;
            }
            word.append(c);
            inWord = true;
        }
        if (inWord && !word.isEmpty()) words.add(word.toString());
        if (!words.isEmpty()) commands.add(words);
        return commands;
    }
}
