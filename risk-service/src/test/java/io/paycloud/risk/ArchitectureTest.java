package io.paycloud.risk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Features stay apart: no cycles, only the assessment feature uses the others, controllers stay package-private. */
@AnalyzeClasses(packages = "io.paycloud.risk", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices().matching("io.paycloud.risk.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheAssessmentFeature = noClasses()
            .that().resideOutsideOfPackage("io.paycloud.risk.assessment..")
            .should().dependOnClassesThat().resideInAPackage("io.paycloud.risk.assessment..");

    @ArchTest
    static final ArchRule controllersArePackagePrivate = classes().that().haveSimpleNameEndingWith("Controller")
            .should().notBePublic();

    @ArchTest
    static final ArchRule repositoriesArePackagePrivate = classes().that().haveSimpleNameEndingWith("Repository")
            .should().notBePublic();
}
