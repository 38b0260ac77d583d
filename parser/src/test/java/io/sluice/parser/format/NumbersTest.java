package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Numbers#parseDouble} gives exactly what {@link Double#parseDouble} gives, fast path or not. */
class NumbersTest {
    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> integer = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(20);
        Arbitrary<String> fraction = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(25);
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-330, 330).map(e -> "e" + e));
        Arbitrary<Boolean> point = Arbitraries.of(true, false);
        return Combinators.combine(sign, integer, point, fraction, exponent)
                .as((s, i, p, f, e) -> s + i + (p ? "." + f : "") + e)
                .filter(text -> Numbers.isNumberLiteral(text, 0, text.length()));
    }

    @Property
    void everyNumberLiteralParsesAsJavaParsesIt(@ForAll("decimals") String text) {
        double expected = Double.parseDouble(text);
        assertThat(Double.doubleToRawLongBits(Numbers.parseDouble(text, 0, text.length())))
                .as(text).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @Property
    void doublesWrittenByJavaReadBackExactly(@ForAll double value) {
        String text = Double.toString(value);
        if (!Numbers.isNumberLiteral(text, 0, text.length())) {
            return; // NaN and Infinity are not number literals
        }
        assertThat(Numbers.parseDouble(text, 0, text.length())).isEqualTo(value);
    }

    @Example
    void aLiteralInsideLongerTextIsReadInPlace() {
        String text = "(1, -12.50, 3)";
        assertThat(Numbers.parseDouble(text, 4, 10)).isEqualTo(-12.5);
        assertThat(Double.doubleToRawLongBits(Numbers.parseDouble("-0.0", 0, 4))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Numbers.parseDouble("9007199254740993", 0, 16)).isEqualTo(9007199254740992.0); // past 2^53: rounded as Java rounds
        assertThat(Numbers.parseDouble("0.1000000000000000000000001", 0, 27)).isEqualTo(0.1);
    }
}
