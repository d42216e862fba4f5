//! Access (issue 13 §4): the password policy, disabled accounts refused before any key is
//! unwrapped, sign-in throttling that grows and is audited, private file modes.
mod common;
use common::*;
use sohoa_core::session::accounts::Role;
use sohoa_core::store::keyring::{AccountGuard, Keyring};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace;
use sohoa_core::CoreError;
use std::path::Path;

fn sign_in(dir: &Path, user: &str, password: &str) -> Result<sohoa_core::Session, CoreError> {
    workspace::open(dir, user, password)
}

fn audit_rows(s: &sohoa_core::Session, action: &str) -> Vec<(String, String)> {
    let mut st = s.conn().prepare("SELECT username, detail FROM audit_log WHERE action = ?1 ORDER BY seq").unwrap();
    st.query_map([action], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn a_common_or_short_password_is_refused_when_an_account_is_made_and_a_passphrase_is_accepted() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    for weak in ["12345678", "123456789", "matkhau", "Mật khẩu 2024", "password", "hanh1990", "ngắn"] {
        let r = s.add_account(account("hanh", Role::Clerk, weak), KdfParams::insecure_for_tests());
        assert!(matches!(r, Err(CoreError::Invalid { ref field, .. }) if field == "password"), "{weak}: {r:?}");
    }
    s.add_account(account("hanh", Role::Clerk, "trâu cày ruộng sâu"), KdfParams::insecure_for_tests()).unwrap();
    drop(s);
    sign_in(&dir.join("ws"), "hanh", "trâu cày ruộng sâu").unwrap();
}

#[test]
fn an_existing_short_password_still_signs_in_the_policy_applies_when_a_password_is_set() {
    let (_t, dir) = tmp();
    let ws = dir.join("ws");
    drop(create(&ws));
    // An account made by an older version with an 8-character password: its wrap is in the keyring.
    let ring = Keyring::load(&ws).unwrap();
    let key = sohoa_core::store::keys::unwrap(&ring.accounts["canbo"], PASSWORD, &ring.aad("canbo")).unwrap();
    Keyring::add_account(&ws, &key, "canbo", "12345678", KdfParams::insecure_for_tests()).unwrap();
    sign_in(&ws, "canbo", "12345678").expect("the old password keeps working");
    let r = workspace::change_password(&ws, "canbo", "12345678", "87654321", KdfParams::insecure_for_tests());
    assert!(matches!(r, Err(CoreError::Invalid { .. })), "{r:?}");
}

#[test]
fn a_disabled_account_is_refused_before_any_key_is_unwrapped_and_its_key_copy_is_gone() {
    let (_t, dir) = tmp();
    let ws = dir.join("ws");
    let mut sup = workspace_with_scope(&ws, COMMUNE, Role::Supervisor, &[]);
    sup.add_account(account("canbo", Role::Clerk, PASSWORD), KdfParams::insecure_for_tests()).unwrap();
    sup.disable_account("canbo").unwrap();
    assert_eq!(audit_rows(&sup, "account.disable").len(), 1);
    drop(sup);

    let ring = Keyring::load(&ws).unwrap();
    assert!(!ring.accounts.contains_key("canbo"), "the wrapped data key of a disabled account is deleted");
    assert!(matches!(sign_in(&ws, "canbo", PASSWORD), Err(CoreError::AccountDisabled(_))));

    // Before Argon2id: put a wrap back whose KDF parameters Argon2 would reject; the refusal
    // still names the disabled account, so the key derivation never ran.
    let mut ring = Keyring::load(&ws).unwrap();
    let mut bogus = ring.accounts["giamsat"].clone();
    bogus.kdf.m_cost = 1;
    ring.accounts.insert("canbo".into(), bogus);
    ring.save(&ws).unwrap();
    assert!(matches!(sign_in(&ws, "canbo", PASSWORD), Err(CoreError::AccountDisabled(_))));

    // Editing the flag away does not help: the real key copy is gone.
    let mut ring = Keyring::load(&ws).unwrap();
    ring.guards.remove("canbo");
    ring.accounts.remove("canbo");
    ring.save(&ws).unwrap();
    assert!(matches!(sign_in(&ws, "canbo", PASSWORD), Err(CoreError::UnknownUser(_))));

    // The supervisor enables it again with a new password (the policy applies).
    let mut sup = open(&ws, "giamsat");
    assert!(sup.enable_account("canbo", "123456789", KdfParams::insecure_for_tests()).is_err());
    sup.enable_account("canbo", "mật khẩu mới của hạnh", KdfParams::insecure_for_tests()).unwrap();
    drop(sup);
    sign_in(&ws, "canbo", "mật khẩu mới của hạnh").unwrap();
}

#[test]
fn only_a_supervisor_disables_an_account_and_not_their_own() {
    let (_t, dir) = tmp();
    let ws = dir.join("ws");
    let mut sup = workspace_with_scope(&ws, COMMUNE, Role::Supervisor, &[]);
    sup.add_account(account("canbo", Role::Clerk, PASSWORD), KdfParams::insecure_for_tests()).unwrap();
    assert!(matches!(sup.disable_account("giamsat"), Err(CoreError::Conflict(_))));
    drop(sup);
    let mut clerk = open(&ws, "canbo");
    assert!(matches!(clerk.disable_account("giamsat"), Err(CoreError::Forbidden(_))));
}

#[test]
fn wrong_passwords_are_throttled_with_a_growing_wait_and_audited_at_the_next_sign_in() {
    let (_t, dir) = tmp();
    let ws = dir.join("ws");
    drop(create(&ws));
    assert!(matches!(sign_in(&ws, "canbo", "sai-mat-khau-1"), Err(CoreError::WrongPassword)));
    assert!(matches!(sign_in(&ws, "canbo", "sai-mat-khau-2"), Err(CoreError::WrongPassword)));
    assert!(matches!(sign_in(&ws, "canbo", "sai-mat-khau-3"), Err(CoreError::Throttled { .. })));
    // Even the right password waits: the check runs before the password is tried.
    match sign_in(&ws, "canbo", PASSWORD) {
        Err(CoreError::Throttled { wait_secs }) => assert!((1..=5).contains(&wait_secs), "{wait_secs}"),
        other => panic!("expected a wait, got {:?}", other.map(|_| ())),
    }
    let guard = Keyring::load(&ws).unwrap().guard("canbo");
    assert_eq!(guard.failed, 3);
    assert_eq!(guard.failed_at.len(), 3);

    // The wait doubles with each further failure, up to 15 minutes.
    let waits: Vec<i64> = (1..=12).map(AccountGuard::wait_after).collect();
    assert_eq!(waits, vec![0, 0, 5, 10, 20, 40, 80, 160, 320, 640, 900, 900]);

    // Time passes (the lock is moved into the past), the right password signs in, and the three
    // failures become one audit row of that account; the counter restarts.
    let mut ring = Keyring::load(&ws).unwrap();
    ring.guards.get_mut("canbo").unwrap().locked_until = Some(0);
    ring.save(&ws).unwrap();
    let s = sign_in(&ws, "canbo", PASSWORD).unwrap();
    let rows = audit_rows(&s, "auth.failed");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "canbo");
    let detail: serde_json::Value = serde_json::from_str(&rows[0].1).unwrap();
    assert_eq!(detail["count"], 3);
    assert_eq!(Keyring::load(&ws).unwrap().guard("canbo"), AccountGuard::default());
    drop(s);
    assert_eq!(audit_rows(&open(&ws, "canbo"), "auth.failed").len(), 1, "audited once");
}

#[cfg(unix)]
#[test]
fn a_new_workspace_folder_is_0700_and_its_files_0600() {
    use std::os::unix::fs::PermissionsExt;
    let (_t, dir) = tmp();
    let ws = dir.join("ws");
    let mut s = create(&ws);
    let _ = ks_book(&mut s); // a write, so the WAL exists
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&ws), 0o700, "workspace folder");
    for entry in std::fs::read_dir(&ws).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    assert!(ws.join("workspace.db-wal").exists());
}
