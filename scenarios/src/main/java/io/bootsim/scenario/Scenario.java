package io.bootsim.scenario;

import java.util.List;

/**
 * One scenario file: a cluster, what happens to it, and what must be true. {@code source} is the
 * path as the user named it; relative file references resolve against its directory.
 */
public record Scenario(String name, String description, String source, Cluster cluster, List<Step> steps) {

    public Scenario {
        steps = List.copyOf(steps);
    }

    public Scenario withSeed(long seed) {
        return new Scenario(name, description, source, cluster.withSeed(seed), steps);
    }
}
