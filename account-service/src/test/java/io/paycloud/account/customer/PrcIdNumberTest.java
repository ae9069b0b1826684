package io.paycloud.account.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrcIdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    /** A number with the right check character for its first 17 digits. */
    private static String withCheck(String first17) {
        return first17 + PrcIdNumber.checkCharacter(first17);
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "11010519491231002x", "440308199901010012", "310101200002290015"})
    void validNumbersPass(String id) {
        assertThat(PrcIdNumber.problem(id, TODAY)).isEmpty();
    }

    @Test
    void theCheckCharacterFollowsGb11643() {
        assertThat(PrcIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(PrcIdNumber.checkCharacter("44030819990101001")).isEqualTo('2');
    }

    @ParameterizedTest
    @ValueSource(strings = {"110105194912310021", "110105194912310020", "440308199901010013"})
    void aWrongCheckCharacterIsRejected(String id) {
        assertThat(PrcIdNumber.problem(id, TODAY)).hasValueSatisfying(r -> assertThat(r).contains("check"));
    }

    @Test
    void impossibleBirthDatesAreRejected() {
        assertThat(PrcIdNumber.problem(withCheck("11010519490230002"), TODAY)).hasValueSatisfying(r -> assertThat(r).contains("birth"));
        assertThat(PrcIdNumber.problem(withCheck("11010519011301002"), TODAY)).hasValueSatisfying(r -> assertThat(r).contains("birth"));
        assertThat(PrcIdNumber.problem(withCheck("11010520010229002"), TODAY)).hasValueSatisfying(r -> assertThat(r).contains("birth"));
    }

    @Test
    void aBirthDateInTheFutureIsRejected() {
        assertThat(PrcIdNumber.problem(withCheck("11010520261127002"), TODAY)).hasValueSatisfying(r -> assertThat(r).contains("birth"));
        assertThat(PrcIdNumber.problem(withCheck("11010520261126002"), TODAY)).isEmpty();
        assertThat(PrcIdNumber.problem(withCheck("11010518991231002"), TODAY)).isPresent();
    }

    @Test
    void regionDigitsMustNameARealProvinceAndArea() {
        assertThat(PrcIdNumber.problem(withCheck("00010519491231002"), TODAY)).hasValueSatisfying(r -> assertThat(r).contains("region"));
        assertThat(PrcIdNumber.problem(withCheck("99010519491231002"), TODAY)).isPresent();
        assertThat(PrcIdNumber.problem(withCheck("11000019491231002"), TODAY)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1101051949123100", "1101051949123100211", "11010519491231002Y", "X10105194912310021",
            "１１０１０５１９４９１２３１００２Ｘ"})
    void malformedNumbersAreRejected(String id) {
        assertThat(PrcIdNumber.problem(id, TODAY)).isPresent();
    }

    @Test
    void aZeroSequenceNumberIsRejected() {
        assertThat(PrcIdNumber.problem(withCheck("11010519491231000"), TODAY)).isPresent();
    }

    @Test
    void theMaskShowsOnlyTheFirstThreeAndLastFourCharacters() {
        assertThat(PrcIdNumber.mask("11010519491231002X")).isEqualTo("110***********002X");
    }
}
