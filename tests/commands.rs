//! The Tauri commands through `tauri::test` (mock runtime, no display), each test on its
//! own in-memory database. They check what the UI receives: values and `{code, message}`.

use plm_desk::commands;
use plm_desk::state::AppState;
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

struct Ui {
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

/// The origin the window's page has: Tauri serves it as `tauri://localhost` on Linux and
/// macOS, and as `http://tauri.localhost` on Windows (WebView2).
#[cfg(windows)]
const ORIGIN: &str = "http://tauri.localhost";
#[cfg(not(windows))]
const ORIGIN: &str = "tauri://localhost";

fn ui() -> Ui {
    let store = plm_core::Store::open_in_memory().unwrap();
    let app = commands::register(mock_builder())
        .manage(AppState::new(store, std::env::temp_dir()))
        // the root tauri.conf.json, as the real app uses it
        .build(tauri::generate_context!())
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Ui { _app: app, webview }
}

impl Ui {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let req = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: ORIGIN.parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.webview, req).map(|b| b.deserialize::<Value>().unwrap())
    }
}

fn kalsel() -> Value {
    json!({"title": "PLM Kalimantan Selatan", "province": "63", "regency": "Banjarbaru",
           "venue": "Aston Banua", "start_date": "2022-07-05", "days": 2, "wave": 3})
}

#[test]
fn config_is_the_root_tauri_conf() {
    let ctx: tauri::Context<tauri::test::MockRuntime> = tauri::generate_context!();
    let root: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        ctx.config().identifier,
        root["identifier"].as_str().unwrap()
    );
    assert_eq!(ctx.config().identifier, plm_desk::IDENTIFIER);
    assert_eq!(ctx.config().app.windows[0].title, "PLM Desk");
    assert!(ctx.config().app.security.freeze_prototype);
}

#[test]
fn create_event_and_session_through_commands() {
    let ui = ui();
    assert_eq!(ui.call("event_current", json!({})).unwrap(), Value::Null);
    let ev = ui.call("event_create", json!({"input": kalsel()})).unwrap();
    assert_eq!(ev["zone_label"], "WITA");
    assert_eq!(ev["regency_code"], "63.72");
    let id = ev["id"].as_str().unwrap();
    assert_eq!(ui.call("event_current", json!({})).unwrap()["id"], id);

    let s = ui
        .call("session_add", json!({"eventId": id, "input": {"day": 1, "start": "08.30", "end": "10.00", "title": "Pembukaan", "kind": "opening"}}))
        .unwrap();
    assert_eq!(s["start"], "08:30");
    assert_eq!(s["date"], "2022-07-05");
    let list = ui.call("session_list", json!({"eventId": id})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn errors_reach_the_ui_as_code_and_message_in_the_chosen_language() {
    let ui = ui();
    let mut bad = kalsel();
    bad["days"] = json!(9);
    let err = ui.call("event_create", json!({"input": bad})).unwrap_err();
    assert_eq!(
        err,
        json!({"code": "event.days_out_of_range", "message": "Jumlah hari harus 1 sampai 5, bukan 9."})
    );

    assert_eq!(
        ui.call("set_language", json!({"language": "en"})).unwrap(),
        "en"
    );
    let err = ui.call("event_create", json!({"input": bad})).unwrap_err();
    assert_eq!(err["message"], "The number of days must be 1 to 5, not 9.");
    assert_eq!(err.as_object().unwrap().len(), 2);

    let err = ui.call("event_get", json!({"id": "missing"})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert_eq!(ui.call("event_list", json!({})).unwrap(), json!([]));

    let err = ui
        .call("set_language", json!({"language": "fr"}))
        .unwrap_err();
    assert_eq!(err["code"], "settings.bad_language");
    assert_eq!(err["field"], "language");
    assert!(err["message"].as_str().unwrap().contains("choose id or en"));
    assert_eq!(ui.call("app_info", json!({})).unwrap()["language"], "en");
    // the overdue limit and the workspace: typed, the field named for the form
    let err = ui
        .call("hq_set_overdue_days", json!({"days": "0"}))
        .unwrap_err();
    assert_eq!(err["code"], "settings.bad_overdue_days");
    assert_eq!(err["field"], "overdue_days");
    let err = ui
        .call("set_workspace", json!({"workspace": "kantor"}))
        .unwrap_err();
    assert_eq!(err["code"], "hq.bad_workspace");
}

#[test]
fn provinces_list_all_38_with_zones() {
    let ui = ui();
    let p = ui.call("provinces", json!({})).unwrap();
    let p = p.as_array().unwrap();
    assert_eq!(p.len(), 38);
    let kalsel = p.iter().find(|x| x["code"] == "63").unwrap();
    assert_eq!(kalsel["zone_label"], "WITA");
    assert_eq!(kalsel["regencies"].as_array().unwrap().len(), 13);
}

#[test]
fn checkin_through_commands_is_idempotent_and_checks_signatures() {
    let ui = ui();
    let ev = ui.call("event_create", json!({"input": kalsel()})).unwrap();
    let id = ev["id"].as_str().unwrap();
    let p = ui
        .call("participant_add", json!({"eventId": id, "walkIn": true, "input": {"name": "Ayu Sari", "gender": "P", "phone": "08213857699"}}))
        .unwrap();
    assert_eq!(p["phone"], "+628213857699");
    let req = json!({"eventId": id, "request": {"code": p["code"], "choice": {"day": 1}}});
    let first = ui.call("checkin", req.clone()).unwrap();
    assert_eq!(first["status"], "checked_in");
    assert!(first["at_local"].as_str().unwrap().ends_with("WITA"));
    let again = ui.call("checkin", req).unwrap();
    assert_eq!(again["status"], "already_checked_in");
    assert_eq!(again["at"], first["at"]);
    let slot = ui
        .call("desk_slot", json!({"eventId": id, "choice": {"day": 1}}))
        .unwrap();
    assert_eq!(
        (slot["present"].as_i64(), slot["expected"].as_i64()),
        (Some(1), Some(1))
    );

    let att = first["attendance"]["id"].as_str().unwrap();
    let err = ui
        .call(
            "checkin_sign",
            json!({"attendanceId": att, "png": "data:image/png;base64,R0lGODlh"}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "checkin.bad_signature");
    let huge = "A".repeat(400 * 1024);
    let err = ui
        .call("checkin_sign", json!({"attendanceId": att, "png": huge}))
        .unwrap_err();
    assert_eq!(err["code"], "checkin.bad_signature");

    let err = ui
        .call(
            "checkin",
            json!({"eventId": id, "request": {"code": "ZZZZZZ", "choice": {"day": 1}}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "checkin.unknown_code");
    assert!(err["message"].as_str().unwrap().contains("ZZZZZZ"));

    let closed = ui
        .call("day_close", json!({"eventId": id, "day": 1}))
        .unwrap();
    assert_eq!(closed["present"], 1);
    let err = ui
        .call("checkin_undo", json!({"attendanceId": att}))
        .unwrap_err();
    assert_eq!(err["code"], "checkin.day_sealed");
}

#[test]
fn plans_and_awards_through_commands() {
    let ui = ui();
    let ev = ui.call("event_create", json!({"input": kalsel()})).unwrap();
    let plan = ui
        .call(
            "plan_create",
            json!({"eventId": ev["id"], "input": {"institution": "Perpustakaan Desa Maju"}}),
        )
        .unwrap();
    let item = ui
        .call("plan_item_add", json!({"planId": plan["id"], "input": {"activity": "Kelas membaca", "strategy": "pelibatan", "when": "2022-08"}}))
        .unwrap();
    assert_eq!(item["strategy"], "pelibatan");
    assert_eq!(item["status"], "planned");
    let err = ui
        .call(
            "plan_item_add",
            json!({"planId": plan["id"], "input": {"activity": "", "strategy": "layanan"}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "plan.required");
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "errors are {{code, message}}"
    );
    let cats = ui.call("award_list", json!({"eventId": ev["id"]})).unwrap();
    assert_eq!(cats.as_array().unwrap().len(), 2);
    assert!(cats[0]["ranking"].as_array().unwrap().is_empty());
    assert!(
        cats[0]["nominees"].is_array(),
        "the category's fields sit beside its ranking"
    );
    let err = ui
        .call(
            "award_criterion_add",
            json!({"categoryId": cats[0]["id"], "name": "X", "weight": -1.0, "maxScore": 10.0}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "award.bad_weight");
}

#[test]
fn locked_window_answers_only_the_lock_screen() {
    let ui = ui();
    ui.call("event_create", json!({"input": kalsel()})).unwrap();
    // no passphrase: nothing to lock with
    let e = ui.call("lock_now", json!({})).unwrap_err();
    assert_eq!(e["code"], "lock.not_set");
    let e = ui
        .call(
            "lock_set",
            json!({"new": "abc", "repeat": "abc", "minutes": 10}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "lock.too_short");
    assert_eq!(
        e.as_object().unwrap().len(),
        2,
        "errors are exactly {{code, message}}"
    );
    let st = ui
        .call(
            "lock_set",
            json!({"new": "kalsel 2022", "repeat": "kalsel 2022", "minutes": 5}),
        )
        .unwrap();
    assert_eq!(st, json!({"enabled": true, "minutes": 5}));
    assert_eq!(ui.call("lock_status", json!({})).unwrap()["locked"], false);

    ui.call("lock_now", json!({})).unwrap();
    assert_eq!(ui.call("lock_status", json!({})).unwrap()["locked"], true);
    // what the build is (the page's test hooks follow it) is answered: nothing personal
    assert_eq!(ui.call("app_build", json!({})).unwrap()["dev_tools"], true);
    // everything else is refused by the Rust side, whatever the page asks
    for (cmd, args) in [
        ("event_list", json!({})),
        ("participant_list", json!({"eventId": "x"})),
        ("app_info", json!({})),
        ("lock_clear", json!({"current": "kalsel 2022"})),
    ] {
        let e = ui.call(cmd, args).unwrap_err();
        assert_eq!(e["code"], "app.locked", "{cmd} refused while locked");
        assert!(e["message"].as_str().unwrap().contains("terkunci"));
    }
    let e = ui
        .call("lock_unlock", json!({"passphrase": "salah"}))
        .unwrap_err();
    assert_eq!(e["code"], "lock.wrong");
    assert_eq!(ui.call("lock_status", json!({})).unwrap()["locked"], true);
    ui.call("lock_unlock", json!({"passphrase": "kalsel 2022"}))
        .unwrap();
    assert_eq!(
        ui.call("event_list", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // after five wrong tries in a row the next one has to wait, even the right one
    ui.call("lock_now", json!({})).unwrap();
    for _ in 0..5 {
        assert_eq!(
            ui.call("lock_unlock", json!({"passphrase": "tebak"}))
                .unwrap_err()["code"],
            "lock.wrong"
        );
    }
    let e = ui
        .call("lock_unlock", json!({"passphrase": "kalsel 2022"}))
        .unwrap_err();
    assert_eq!(e["code"], "lock.too_many_tries");
    assert_eq!(ui.call("lock_status", json!({})).unwrap()["locked"], true);
}

#[test]
fn window_opens_locked_when_a_passphrase_is_set() {
    let mut store = plm_core::Store::open_in_memory().unwrap();
    plm_core::applock::set_passphrase(&mut store, None, "kalsel 2022", "kalsel 2022", 10).unwrap();
    let state = AppState::new(store, std::env::temp_dir());
    assert!(state.is_locked());
}

/// The page cannot make the Rust side read a file the user did not choose: a path it
/// names is refused (in the user's language) until a dialog, a drop, or in test builds
/// `dev_grant` made it the user's choice. Nothing is read before that.
#[test]
fn files_are_read_only_when_the_user_chose_them() {
    let ui = ui();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kalsel.plmsync");
    std::fs::write(&file, b"not a data file").unwrap();
    let path = file.display().to_string();
    for (cmd, args) in [
        ("sync_preview", json!({"path": path})),
        ("sync_import", json!({"path": path})),
        ("sync_peek", json!({"path": path})),
        ("kit_open", json!({"path": path, "dryRun": true})),
        ("hq_plan_import", json!({"path": path, "dryRun": true})),
        ("hq_key_restore", json!({"path": path})),
        ("hq_recover_key", json!({"path": path})),
    ] {
        let e = ui.call(cmd, args).unwrap_err();
        assert_eq!(e["code"], "app.file_not_chosen", "{cmd}");
        assert!(
            e["message"].as_str().unwrap().contains("kalsel.plmsync"),
            "{cmd}: {e}"
        );
    }
    ui.call("set_language", json!({"language": "en"})).unwrap();
    let e = ui
        .call("sync_preview", json!({"path": "/etc/passwd"}))
        .unwrap_err();
    assert_eq!(e["code"], "app.file_not_chosen");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("was not chosen in this window"));
    // chosen (here by the test builds' stand-in for the dialog): read, and found not to
    // be a data file
    ui.call("dev_grant", json!({"paths": [path]})).unwrap();
    let e = ui.call("sync_preview", json!({"path": path})).unwrap_err();
    assert!(e["code"].as_str().unwrap().starts_with("sync."), "{e}");
    // one chosen file does not open its neighbours
    let e = ui
        .call(
            "sync_preview",
            json!({"path": dir.path().join("other.plmsync").display().to_string()}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "app.file_not_chosen");
}

/// The recovery screen (no database could be opened) speaks the user's language too:
/// the reason comes in Indonesian first and in English once the user switches.
#[test]
fn the_recovery_screen_follows_the_language_switch() {
    let dir = tempfile::tempdir().unwrap();
    let why = plm_core::Error::Corrupt("test".into());
    let app = commands::register(mock_builder())
        .manage(AppState::damaged(dir.path().to_path_buf(), &why))
        .build(tauri::generate_context!())
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let ui = Ui { _app: app, webview };
    let info = ui.call("recovery_info", json!({})).unwrap();
    assert_eq!(info["code"], "storage.corrupt");
    assert!(
        info["message"].as_str().unwrap().contains("rusak"),
        "{info}"
    );
    assert_eq!(
        ui.call("set_language", json!({"language": "en"})).unwrap(),
        "en"
    );
    let info = ui.call("recovery_info", json!({})).unwrap();
    assert!(
        info["message"].as_str().unwrap().contains("damaged"),
        "{info}"
    );
    let err = ui
        .call("set_language", json!({"language": "fr"}))
        .unwrap_err();
    assert_eq!(err["code"], "settings.bad_language");
    assert!(
        err["message"].as_str().unwrap().contains("choose id or en"),
        "{err}"
    );
}
