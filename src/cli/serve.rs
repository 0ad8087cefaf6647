//! `kheo serve [DIR] [--port N] [--bind ADDR] [--drafts]`: the arguments;
//! the server itself is [`crate::serve`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Outcome, Ui, site_dir};
use crate::diag::Diagnostics;
use crate::l10n::Msg;
use crate::serve;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port to listen on (0: any free port).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; the default serves this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Include entries marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: Args, ui: &Ui) -> Outcome {
    if let Err(o) = site_dir(&args.dir) {
        return o;
    }
    let opts = serve::Options {
        dir: args.dir,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        ui: Arc::new(ui.clone()),
    };
    match serve::run(opts) {
        Ok(()) => Outcome::Success,
        Err(serve::Error::Usage(msg)) => Outcome::Usage(msg),
    }
}

/// `kheo serve` reports to the terminal as every command does.
impl serve::Report for Ui {
    fn info(&self, msg: &Msg) {
        Ui::info(self, msg.clone());
    }
    fn detail(&self, msg: &Msg) {
        Ui::detail(self, msg.clone());
    }
    fn warning(&self, msg: &Msg) {
        eprintln!("{}: {}", self.msgs.get("label-warning"), self.text(msg));
    }
    fn diagnostics(&self, diags: &Diagnostics, root: &Path) {
        Ui::diagnostics(self, diags, root);
    }
    fn messages(&self) -> &crate::l10n::Messages {
        &self.msgs
    }
}
