package io.paycloud.account;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Features (merchant, customer, ledger, caller) meet only through each other's public services and records. */
@AnalyzeClasses(packages = "io.paycloud.account", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOtherInACircle =
            slices().matching("io.paycloud.account.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule repositoriesStayInsideTheirFeature =
            classes().that().areAnnotatedWith(Repository.class).should().notBePublic();

    @ArchTest
    static final ArchRule controllersArePackagePrivate =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

    @ArchTest
    static final ArchRule onlyTheLedgerOpensAccountsAndMovesMoney =
            noClasses().that().resideOutsideOfPackage("io.paycloud.account.ledger..")
                    .should().accessClassesThat().haveSimpleName("LedgerStore");

    @ArchTest
    static final ArchRule theLedgerKnowsNothingOfMerchantsOrCustomers =
            noClasses().that().resideInAPackage("io.paycloud.account.ledger..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.paycloud.account.merchant..",
                            "io.paycloud.account.customer..");
}
