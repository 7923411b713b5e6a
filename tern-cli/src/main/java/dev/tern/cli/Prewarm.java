package dev.tern.cli;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Start-up work every command that talks to a model reaches on its main thread, done first on the other core
 * while the main thread sets up logging and builds the command line.
 * Each step is a one-time JDK or library initialisation with no arguments and no effect but a warm cache, so a
 * command that never needs it loses nothing but a little of the other core's time.
 * <ul>
 *   <li>the process's JSON mapper: Jackson's mapper builder formats dates with a {@code GregorianCalendar}, whose
 *       first construction enumerates the locales of the JDK's calendar data (~18 % of the main thread in JFR
 *       samples of {@code tern run});</li>
 *   <li>JDK 25's {@code BigDecimal} initializer, which computes 5^(2^16) (~15 ms), reached by Jackson's parser;</li>
 *   <li>the English day and time-zone names of the runtime block ({@code ContextBuilder.runtimeBlock}): the JDK's
 *       locale text resources (~6 %).</li>
 * </ul>
 * The steps initialise the JDK's and Jackson's classes and one Tern class, {@code Json}, whose initialiser uses only
 * Jackson: never a Tern class the main thread may be initialising, so the two threads cannot wait on each other's
 * class initialisation in a cycle.
 */
final class Prewarm {

    private Prewarm() { }

    /** Starts the warm-up on a daemon thread of its own (it never holds the process open). */
    static void start() {
        Thread.ofPlatform().daemon().name("tern-warm").start(Prewarm::run);
    }

    static void run() {
        dev.tern.json.Json.MAPPER.getClass(); // initialises the mapper (Jackson and its date format)
        java.math.BigDecimal.ONE.signum();
        ZoneId zone = ZoneId.systemDefault();
        DayOfWeek.MONDAY.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
