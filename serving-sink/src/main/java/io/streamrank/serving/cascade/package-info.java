/** The recommendation cascade: candidate generation, two-tower pre-ranking and ranking. */
package io.streamrank.serving.cascade;
