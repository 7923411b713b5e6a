package dev.tern.bench.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The routing test set: ten agents with descriptions and keywords, and 38 tasks with the agent each
 * should go to: 20 that name a keyword, and 18 paraphrases that share no keyword with any agent (only
 * semantic routing can place them). Also writes a workspace of N generated agents for the scale test.
 */
public final class RoutingFixture {

    /** An agent of the set. */
    public record AgentSpec(String name, String description, List<String> keywords) { }

    /** A task and where it should go; {@code semantic} when no keyword of the right agent is in it. */
    public record Task(String text, String expected, boolean semantic) { }

    public static final List<AgentSpec> AGENTS = List.of(
            new AgentSpec("database-expert", "Designs relational database schemas, writes SQL migrations and tunes slow queries and indexes.",
                    List.of("sql", "database", "migration", "index", "query", "postgres", "mysql", "schema")),
            new AgentSpec("frontend-developer", "Builds web user interfaces with React, HTML and CSS: components, layouts, styling and accessibility.",
                    List.of("react", "css", "html", "component", "frontend", "ui", "layout")),
            new AgentSpec("security-auditor", "Reviews code and infrastructure for security vulnerabilities, authentication flaws and exposed secrets.",
                    List.of("security", "vulnerability", "xss", "injection", "authentication", "cve", "secrets")),
            new AgentSpec("devops-engineer", "Automates deployment: Docker containers, Kubernetes clusters, CI/CD pipelines and cloud infrastructure.",
                    List.of("docker", "kubernetes", "deploy", "deployment", "pipeline", "ci", "helm", "terraform")),
            new AgentSpec("data-scientist", "Analyses datasets with statistics and machine learning; builds predictive models, charts and forecasts.",
                    List.of("statistics", "dataset", "regression", "pandas", "forecast", "model training", "ml")),
            new AgentSpec("technical-writer", "Writes documentation, README files, tutorials, API references and release notes.",
                    List.of("documentation", "docs", "readme", "tutorial", "release notes")),
            new AgentSpec("test-engineer", "Writes unit and integration tests, raises coverage and fixes flaky test suites.",
                    List.of("test", "unit test", "coverage", "flaky", "junit", "pytest")),
            new AgentSpec("performance-engineer", "Profiles applications to find CPU and memory bottlenecks, latency and throughput problems.",
                    List.of("performance", "profiling", "profile", "latency", "throughput", "bottleneck", "memory leak", "cpu")),
            new AgentSpec("api-designer", "Designs REST and GraphQL APIs: endpoints, request and response schemas, versioning.",
                    List.of("api", "rest", "graphql", "endpoint", "openapi", "versioning")),
            new AgentSpec("mobile-developer", "Builds native mobile apps for iOS and Android with Swift and Kotlin.",
                    List.of("ios", "android", "mobile", "swift", "kotlin", "app store")));

    public static final List<Task> TASKS = List.of(
            new Task("Add an index to speed up this SQL query on the orders table", "database-expert", false),
            new Task("Write a migration that renames a column in postgres", "database-expert", false),
            new Task("Create a React component for the login form", "frontend-developer", false),
            new Task("Fix the CSS so the layout works on small screens", "frontend-developer", false),
            new Task("Check this form handler for injection and XSS vulnerabilities", "security-auditor", false),
            new Task("Rotate the leaked secrets and review our authentication", "security-auditor", false),
            new Task("Write a Dockerfile and deploy the service to Kubernetes", "devops-engineer", false),
            new Task("Set up a CI pipeline with Terraform for staging", "devops-engineer", false),
            new Task("Train a regression model on this dataset with pandas", "data-scientist", false),
            new Task("Forecast next quarter's sales from the statistics we have", "data-scientist", false),
            new Task("Update the README and write a tutorial for new users", "technical-writer", false),
            new Task("Draft the release notes for version 2.3", "technical-writer", false),
            new Task("Write unit tests for the parser and raise coverage", "test-engineer", false),
            new Task("The pytest suite is flaky, make it reliable", "test-engineer", false),
            new Task("Profile the service: CPU usage and latency are too high", "performance-engineer", false),
            new Task("Find the memory leak that hurts throughput", "performance-engineer", false),
            new Task("Design a REST API with versioning for invoices", "api-designer", false),
            new Task("Write the OpenAPI description of the new GraphQL endpoint", "api-designer", false),
            new Task("Build an Android app in Kotlin", "mobile-developer", false),
            new Task("Ship the iOS app to the App Store", "mobile-developer", false),
            new Task("Store customer orders in tables with foreign keys and normalise them", "database-expert", true),
            new Task("Normalise how invoices and their line items are stored on disk in tables", "database-expert", true),
            new Task("The sign-in page needs a nicer look and a responsive navigation bar", "frontend-developer", true),
            new Task("Make the buttons and forms usable for blind people with screen readers", "frontend-developer", true),
            new Task("Could attackers steal user passwords through our login flow?", "security-auditor", true),
            new Task("Harden the servers against intruders and audit who can access what", "security-auditor", true),
            new Task("Package the application into containers and roll it out to production servers", "devops-engineer", true),
            new Task("Automatically build and release every commit to the cloud", "devops-engineer", true),
            new Task("Which customers are likely to churn? Predict it from past purchases", "data-scientist", true),
            new Task("Find trends and correlations in last year's sales figures", "data-scientist", true),
            new Task("Explain to new contributors how to install the project and use it", "technical-writer", true),
            new Task("Describe in plain words how every function of the library works, for other programmers", "technical-writer", true),
            new Task("Make sure each function behaves correctly by checking it automatically before merging", "test-engineer", true),
            new Task("Verify that checkout still works after every change with automated scenarios", "test-engineer", true),
            new Task("The website is sluggish; figure out where the time goes", "performance-engineer", true),
            new Task("Why does the nightly batch job take six hours? Speed it up", "performance-engineer", true),
            new Task("Decide the URL structure and JSON payloads that other services will call", "api-designer", true),
            new Task("Create an application for smartphones and tablets", "mobile-developer", true));

    private RoutingFixture() { }

    /** Writes the ten agents into {@code <workspace>/agents}. */
    public static void writeAgents(Path workspace) throws IOException {
        Path dir = Files.createDirectories(workspace.resolve("agents"));
        for (AgentSpec a : AGENTS) {
            Files.writeString(dir.resolve(a.name() + ".md"), "---\nname: " + a.name() + "\ndescription: " + a.description()
                    + "\nkeywords: [" + String.join(", ", a.keywords()) + "]\n---\nYou are the " + a.name() + ".\n");
        }
    }

    private static final String[] DOMAINS = {"billing disputes", "payroll runs", "warehouse robots", "satellite telemetry",
        "clinical trials", "wind turbines", "legal contracts", "retail pricing", "fleet routing", "insurance claims",
        "energy trading", "museum archives", "airline crews", "school timetables", "hotel bookings", "crop yields"};
    private static final String[] VERBS = {"audits", "optimises", "reconciles", "forecasts", "designs", "monitors",
        "migrates", "documents", "tests", "secures"};

    /** Writes {@code n} generated agents (distinct names, descriptions, keywords and priorities) into {@code <workspace>/agents}. */
    public static List<String> writeGenerated(Path workspace, int n) throws IOException {
        Path dir = Files.createDirectories(workspace.resolve("agents"));
        Random r = new Random(7);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String domain = DOMAINS[i % DOMAINS.length];
            String verb = VERBS[(i / DOMAINS.length) % VERBS.length];
            String name = String.format("agent-%03d", i);
            names.add(name);
            Files.writeString(dir.resolve(name + ".md"), "---\nname: " + name + "\ndescription: " + capital(verb) + " "
                    + domain + " systems, variant " + i + "\nkeywords: [" + domain.split(" ")[0] + i + ", " + verb + i + "]\npriority: "
                    + r.nextInt(100) + "\ntools: [read_file, grep]\n---\nYou are " + name + ".\n");
        }
        return names;
    }

    private static String capital(String s) { return Character.toUpperCase(s.charAt(0)) + s.substring(1); }
}
