package dev.tern.embed.onnx;

/** (anchor, paraphrase, unrelated) triples: a sentence-embedding model must put the paraphrase closer. */
final class SemanticPairs {

    private SemanticPairs() {
    }

    static final String[][] TRIPLES = {
            {"How do I reset my password?", "I forgot my password and need to change it", "What is the capital of France?"},
            {"The cat sat on the mat.", "A cat was sitting on a rug.", "Stock prices fell sharply on Monday."},
            {"Book a flight to Tokyo for next week", "I need plane tickets to Japan next week", "Fix the null pointer exception in the parser"},
            {"Summarise this quarterly sales report", "Give me a short summary of the Q3 sales figures", "Plant tomatoes in early spring"},
            {"The meeting has been moved to Thursday", "We rescheduled the meeting for Thursday", "My favourite colour is green"},
            {"He is a talented guitar player", "He plays the guitar very well", "The database migration failed overnight"},
            {"Write a unit test for the login function", "Add a test that covers the login code", "The recipe needs two cups of flour"},
            {"What's the weather like tomorrow?", "Will it rain tomorrow?", "How do I install Java on Linux?"},
            {"The user prefers dark mode", "This person likes dark themes in apps", "Elephants are the largest land animals"},
            {"Translate this paragraph into Spanish", "Please convert the text to Spanish", "The server returned HTTP 503"},
            {"The invoice is overdue by thirty days", "Payment of the bill is a month late", "She went hiking in the Alps"},
            {"Deploy the service to production", "Release the app to the prod environment", "Chocolate cake with strawberries"},
            {"I am allergic to peanuts", "Peanuts give me an allergic reaction", "The train leaves at seven"},
            {"Optimise the slow SQL query", "Make the database query run faster", "Children are playing in the park"},
    };
}
