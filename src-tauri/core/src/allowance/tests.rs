//! The allowance module's tests.

use super::*;
use crate::error::Localized;

#[test]
fn percentages_parse_in_either_notation() {
    assert_eq!(parse_percent("15").unwrap(), 1500);
    assert_eq!(parse_percent("12,5").unwrap(), 1250);
    assert_eq!(parse_percent("2.75 %").unwrap(), 275);
    assert_eq!(parse_percent("0").unwrap(), 0);
    assert_eq!(parse_percent("100").unwrap(), 10_000);
    for bad in ["", "abc", "-5", "1.234", "1e3", "12,5,1"] {
        let e = parse_percent(bad).unwrap_err();
        assert_eq!(e.field(), Some("deduction"), "{bad}");
        assert_eq!(e.code(), "allowance.bad_deduction", "{bad}");
    }
    assert_eq!(
        parse_percent("100,5")
            .unwrap_err()
            .domain::<AllowanceError>(),
        Some(&AllowanceError::DeductionOver100("100,5".into()))
    );
    assert!(parse_percent("100,5")
        .unwrap_err()
        .message(Lang::Id)
        .contains("lebih dari 100%"));
    assert_eq!(percent_label(1250), "12,5%");
    assert_eq!(percent_label(1500), "15%");
    assert_eq!(percent_label(275), "2,75%");
}

#[test]
fn deductions_round_half_up() {
    assert_eq!(deduction_of(150_000, 500), 7_500);
    assert_eq!(deduction_of(100_001, 1500), 15_000);
    assert_eq!(deduction_of(3, 5000), 2);
    assert_eq!(deduction_of(0, 1500), 0);
}

#[test]
fn roles_come_from_categories_and_parse_in_both_languages() {
    assert_eq!(PayRole::of_category("narasumber"), PayRole::ResourcePerson);
    assert_eq!(PayRole::of_category("master_trainer"), PayRole::Facilitator);
    assert_eq!(PayRole::of_category("panitia"), PayRole::Committee);
    assert_eq!(
        PayRole::of_category("perpustakaan_desa"),
        PayRole::Participant
    );
    assert_eq!(
        PayRole::parse("Resource person"),
        Some(PayRole::ResourcePerson)
    );
    assert_eq!(PayRole::parse("narasumber"), Some(PayRole::ResourcePerson));
    assert_eq!(
        PayRole::parse("resource_person"),
        Some(PayRole::ResourcePerson)
    );
    assert_eq!(PayRole::parse("Panitia"), Some(PayRole::Committee));
    assert_eq!(PayRole::parse("boss"), None);
}

#[test]
fn each_refusal_has_its_own_code_field_and_both_languages() {
    let cases: Vec<(crate::Error, &str, &str, &str, &str)> = vec![
        (
            Target::category("astronaut").unwrap_err(),
            "allowance.unknown_category",
            "category",
            "tidak dikenal",
            "Unknown category",
        ),
        (
            Target::role("boss").unwrap_err(),
            "allowance.unknown_role",
            "role",
            "Peran \"boss\"",
            "Unknown role \"boss\"",
        ),
        (
            check_amount(
                "per_day",
                "Uang transport per hari",
                "amount per day",
                Some(-1),
                100,
            )
            .unwrap_err(),
            "allowance.negative",
            "per_day",
            "tidak boleh negatif",
            "cannot be negative",
        ),
        (
            check_amount("lump_sum", "Uang paket", "lump sum", Some(500), 100).unwrap_err(),
            "allowance.over_limit",
            "lump_sum",
            "melebihi batas",
            "over the limit",
        ),
    ];
    for (e, code, field, id, en) in cases {
        assert_eq!(e.code(), code);
        assert_eq!(e.field(), Some(field), "{code}");
        assert!(
            e.message(Lang::Id).contains(id),
            "{code}: {}",
            e.message(Lang::Id)
        );
        assert!(
            e.message(Lang::En).contains(en),
            "{code}: {}",
            e.message(Lang::En)
        );
    }
}
