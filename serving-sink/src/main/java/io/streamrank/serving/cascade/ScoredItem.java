package io.streamrank.serving.cascade;

/**
 * One recommended item with the scores of each stage. A stage whose model is not loaded leaves
 * its scores null.
 *
 * @param itemId the item
 * @param prerankScore the pre-ranker's click probability, or null
 * @param clickScore the ranker's click probability, or null
 * @param purchaseScore the ranker's purchase probability, or null
 * @param score the value the response is ordered by: {@code click + w * purchase} when the ranker
 *     ran, else the pre-ranker score, else the decayed click count
 */
public record ScoredItem(long itemId, Double prerankScore, Double clickScore, Double purchaseScore, double score) {}
