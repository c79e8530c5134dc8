package io.streamrank.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

class QueryParametersTest {

    @Test
    void decodesValues() {
        QueryParameters query = QueryParameters.parse("user=%2012&k=+5");

        assertThat(query.requireNonNegativeLong("user", "user id")).isEqualTo(12);
        assertThat(query.optionalInt("k", 10, 1, 200)).isEqualTo(5);
        assertThat(query.optionalInt("missing", 10, 1, 200)).isEqualTo(10);
    }

    @Test
    void invalidEscapeRejected() {
        assertThatThrownBy(() -> QueryParameters.parse("user=%zz"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("invalid escape in '%zz'");
    }

    @Test
    void emptyQueryHasNoParameters() {
        QueryParameters query = QueryParameters.parse(null);

        query.rejectUnknown(List.of());
        assertThatThrownBy(() -> query.requireNonNegativeLong("user", "user id"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.parameter()).isEqualTo("user"))
                .hasMessage("parameter 'user' is missing; expected a non-negative integer user id");
    }

    @Test
    void longValuesAbbreviated() {
        QueryParameters query = QueryParameters.parse("user=" + "x".repeat(100));

        assertThatThrownBy(() -> query.requireNonNegativeLong("user", "user id"))
                .hasMessage("parameter 'user' is '" + "x".repeat(37) + "...'; expected a non-negative integer user id");
    }

    @Test
    void outOfRangeIntRejected() {
        QueryParameters query = QueryParameters.parse("k=99999999999");

        assertThatThrownBy(() -> query.optionalInt("k", 10, 1, 200))
                .hasMessage("parameter 'k' is 99999999999; expected an integer from 1 to 200");
    }
}
