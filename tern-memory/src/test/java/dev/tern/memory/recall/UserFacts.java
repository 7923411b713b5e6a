package dev.tern.memory.recall;

import dev.tern.memory.graph.Triple;
import java.util.List;
import java.util.Set;

/**
 * The test set of the recall precision/recall test: 30 facts a user told in an earlier session, 30
 * questions those facts are relevant to (with the facts that count as relevant) and 25 questions
 * none is relevant to.
 */
final class UserFacts {

    private UserFacts() { }

    /** A fact: text, attribute (subject is "user"). */
    record F(String text, String attribute) { }

    /** A question and the 1-based numbers of the facts that answer it (empty: irrelevant). */
    record Q(String text, Set<Integer> relevant) { }

    static final List<F> FACTS = List.of(
            new F("The user's name is Maya Lindqvist.", "name"),
            new F("The user lives in Lisbon, Portugal.", "city"),
            new F("The user is vegetarian and does not eat fish.", "diet"),
            new F("The user is allergic to peanuts.", "allergy"),
            new F("The user works as a backend engineer at Acme Logistics.", "job"),
            new F("The user's manager is Tomás Ferreira.", "manager"),
            new F("The user has a golden retriever named Biscuit.", "pet"),
            new F("The user's daughter Ines is seven years old.", "daughter"),
            new F("The user plays the cello in a community orchestra.", "instrument"),
            new F("The user prefers answers in British English spelling.", "spelling"),
            new F("The user drinks oat milk flat whites.", "coffee"),
            new F("The user is training for the Lisbon half marathon in March.", "race"),
            new F("The user's favourite programming language is Kotlin.", "language"),
            new F("The user's laptop is a ThinkPad X1 Carbon running Fedora Linux.", "laptop"),
            new F("The user is learning Japanese and practises every morning.", "studying"),
            new F("The user's partner Sam works night shifts as a nurse.", "partner"),
            new F("The user's birthday is on 14 October.", "birthday"),
            new F("The user is afraid of flying and prefers to travel by train.", "travel"),
            new F("The user's team runs its main database on PostgreSQL 16.", "database"),
            new F("The user's team deploys its services with Kubernetes on Google Cloud.", "deployment"),
            new F("The user loves science fiction novels, especially Ursula K. Le Guin.", "books"),
            new F("The user plans to buy an electric car next year.", "car"),
            new F("The user's home internet provider is MEO.", "internet"),
            new F("The user takes Thursdays off to look after Ines.", "day off"),
            new F("The user is a Benfica football fan.", "football"),
            new F("The user's mother lives in Gothenburg, Sweden.", "mother"),
            new F("The user prefers meetings before noon.", "meetings"),
            new F("The user is saving for a house with a budget of 400,000 euros.", "house"),
            new F("The user is lactose intolerant.", "intolerance"),
            new F("The user's GitHub username is mlindqvist.", "github"));

    /** Relations consolidation would have extracted from the same conversation. */
    static final List<Triple> RELATIONS = List.of(
            Triple.of("Maya Lindqvist", "works at", "Acme Logistics"),
            Triple.of("Tomás Ferreira", "manages", "Maya Lindqvist"),
            Triple.of("Ines", "daughter of", "Maya Lindqvist"),
            Triple.of("Sam", "partner of", "Maya Lindqvist"),
            Triple.of("Biscuit", "dog of", "Maya Lindqvist"),
            Triple.of("Acme Logistics", "based in", "Lisbon"));

    static final List<Q> RELEVANT = List.of(
            new Q("What should I cook for dinner tonight?", Set.of(3, 4, 29)),
            new Q("Can you suggest a snack I could take to the office?", Set.of(3, 4, 29)),
            new Q("Where could I go for a nice walk near where I live?", Set.of(2, 7)),
            new Q("Recommend a cafe where I can bring my dog.", Set.of(7, 2, 11)),
            new Q("What present should I get my daughter?", Set.of(8, 24)),
            new Q("How should I structure my running plan for the race?", Set.of(12)),
            new Q("Any tips to improve my bowing technique on the cello?", Set.of(9)),
            new Q("Draft a short message to my manager asking for Friday off.", Set.of(6, 27, 24)),
            new Q("Which language should I write the new microservice in?", Set.of(13, 5)),
            new Q("How do I install a package on my laptop?", Set.of(14)),
            new Q("Give me a few phrases to practise in the language I'm learning.", Set.of(15)),
            new Q("Any advice on sleep for someone who works night shifts, like my partner?", Set.of(16)),
            new Q("Plan a trip for me to visit my mother next month.", Set.of(26, 18)),
            new Q("How do I find the slow queries in our database?", Set.of(19)),
            new Q("How can we roll out a new version of our service with zero downtime?", Set.of(20, 19)),
            new Q("Recommend a novel for my holiday.", Set.of(21)),
            new Q("Which electric car models should I consider?", Set.of(22)),
            new Q("My home internet keeps dropping. Who should I contact?", Set.of(23)),
            new Q("When should I schedule the weekly sync with my team?", Set.of(27, 24)),
            new Q("How big a mortgage deposit do I need for the house I want?", Set.of(28)),
            new Q("What coffee should I order at the cafe?", Set.of(11, 29)),
            new Q("Do you remember my name?", Set.of(1)),
            new Q("When is my birthday again?", Set.of(17)),
            new Q("When does my football team play next?", Set.of(25)),
            new Q("What is my GitHub username so I can set up git?", Set.of(30)),
            new Q("Suggest a dessert I can safely eat.", Set.of(3, 4, 29)),
            new Q("What is the best way for me to get to Madrid for a conference?", Set.of(18, 2)),
            new Q("Help me write a cover letter for a senior backend role.", Set.of(5, 13, 19, 20)),
            new Q("What could Ines and I do together on Thursday?", Set.of(24, 8)),
            new Q("Proofread this paragraph using the spelling I prefer.", Set.of(10)));

    static final List<Q> IRRELEVANT = List.of(
            new Q("What is the capital of Australia?", Set.of()),
            new Q("Explain how photosynthesis works.", Set.of()),
            new Q("Convert 100 degrees Fahrenheit to Celsius.", Set.of()),
            new Q("Write a haiku about autumn leaves.", Set.of()),
            new Q("What is the derivative of x squared?", Set.of()),
            new Q("Summarise the plot of Hamlet.", Set.of()),
            new Q("How many bytes are in a kilobyte?", Set.of()),
            new Q("Who painted the Mona Lisa?", Set.of()),
            new Q("Explain the difference between TCP and UDP.", Set.of()),
            new Q("What causes the seasons on Earth?", Set.of()),
            new Q("Give me a regular expression that matches an email address.", Set.of()),
            new Q("What is the speed of light in a vacuum?", Set.of()),
            new Q("List the planets of the solar system in order.", Set.of()),
            new Q("How do I reverse a string in Python?", Set.of()),
            new Q("In what year did the Berlin Wall fall?", Set.of()),
            new Q("Explain what a hash map is.", Set.of()),
            new Q("Tell me a joke about penguins.", Set.of()),
            new Q("What is the boiling point of water at sea level?", Set.of()),
            new Q("How does a bicycle gear system work?", Set.of()),
            new Q("Define the word ephemeral.", Set.of()),
            new Q("What is 17 times 23?", Set.of()),
            new Q("Describe the water cycle.", Set.of()),
            new Q("Why is the sky blue?", Set.of()),
            new Q("Explain recursion with a simple example.", Set.of()),
            new Q("What is the tallest mountain in Africa?", Set.of()));
}
