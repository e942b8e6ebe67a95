package io.bootsim.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KubeletProcessTest {

    @Test
    void theKubeletsJvmRunsWithTheBenchsCompilersCollectorHeapAndArchiveButNotItsAgentOrArchiveToWrite() {
        List<String> bench = List.of("-XX:SharedArchiveFile=/b/bootsim.jsa", "-Xlog:cds=off", "-XX:TieredStopAtLevel=1",
                "-Dbootsim.rsaKeyDirectory=/b/rsa-keys", "-agentpath:/p/libasyncProfiler.so=start", "-Xmx8g",
                "-XX:ArchiveClassesAtExit=/b/bootsim.jsa.12", "-XX:+UseParallelGC", "-XX:+UseStringDeduplication",
                "-Xmn1g", "-Xms2g", "-XX:MaxTenuringThreshold=2");
        assertEquals(List.of("-XX:SharedArchiveFile=/b/bootsim.jsa", "-Xlog:cds=off", "-XX:TieredStopAtLevel=1", "-Xmx8g",
                "-XX:+UseParallelGC", "-Xmn1g", "-Xms2g", "-XX:MaxTenuringThreshold=2"),
                KubeletProcess.inheritedJvmOptions(bench));
    }
}
