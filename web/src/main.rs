//! The viewer's page: the whole app, mounted on the document's body.

fn main() {
    yew::Renderer::<wslens_viewer::app::App>::new().render();
}
