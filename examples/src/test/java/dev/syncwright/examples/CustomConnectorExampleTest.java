package dev.syncwright.examples;

import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's connector works, and the README shows the code the build compiles. */
class CustomConnectorExampleTest {

    @Test
    void theReadmesSourceAndDestinationSyncEveryRecord() throws Exception {
        Map<String, Map<String, Object>> stored = new ConcurrentHashMap<>();

        SyncResult result = CustomConnectorExample.sync(stored);

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(stored).containsOnlyKeys("p1", "p2", "p3");
        assertThat(stored.get("p2")).containsEntry("name", "Grace");
        assertThat(result.progress().deliveries().ok()).isEqualTo(3);
    }

    @Test
    void theReadmeShowsTheCompiledSnippet() throws IOException {
        List<String> source = Files.readAllLines(
                Path.of("src/main/java/dev/syncwright/examples/CustomConnectorExample.java"));
        int start = source.indexOf("    // README snippet: start");
        int end = source.indexOf("    // README snippet: end");
        assertThat(start).isNotNegative();
        assertThat(end).isGreaterThan(start);
        String snippet = source.subList(start + 1, end).stream()
                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));

        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(Arrays.asList(readme.split("```"))).as("a code block of README.md is the snippet")
                .anySatisfy(block -> assertThat(block.strip()).isEqualTo("java\n" + snippet.strip()));
    }
}
