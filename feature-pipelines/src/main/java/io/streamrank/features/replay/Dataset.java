package io.streamrank.features.replay;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Public datasets that a replay can turn into the events topic, with their command-line names. */
public enum Dataset {

    /**
     * MovieLens 100K in the original GroupLens layout. The replay reads {@code u.data} (ratings)
     * and {@code u.item} (genre flags) from the given directory.
     */
    MOVIELENS_100K("movielens-100k", "the GroupLens MovieLens 100K files u.data and u.item"),

    /**
     * Taobao UserBehavior. The replay reads {@code UserBehavior.csv} with the columns
     * {@code user_id,item_id,category_id,behavior_type,timestamp} from the given directory.
     */
    TAOBAO("taobao", "the Taobao UserBehavior file UserBehavior.csv");

    private final String cliName;
    private final String expectedFiles;

    Dataset(String cliName, String expectedFiles) {
        this.cliName = cliName;
        this.expectedFiles = expectedFiles;
    }

    /** Name of the dataset on the command line and in event ids. */
    public String cliName() {
        return cliName;
    }

    /** Description of the files that the replay reads, for error messages and help text. */
    public String expectedFiles() {
        return expectedFiles;
    }

    /**
     * Returns the dataset with the given command-line name.
     *
     * @throws IllegalArgumentException naming the value and the supported names when it is unknown
     */
    public static Dataset fromName(String name) {
        for (Dataset dataset : values()) {
            if (dataset.cliName.equals(name)) {
                return dataset;
            }
        }
        throw new IllegalArgumentException(
                "unknown dataset '" + name + "'; expected one of " + supportedNames());
    }

    /** Returns the command-line names of all datasets, in declaration order. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(Dataset::cliName).collect(Collectors.joining(", "));
    }
}
