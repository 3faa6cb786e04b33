//! progenitor's client for `spec/fastly-customer.yaml`, generated as its
//! documentation says (tokens, then prettyplease), for the benchmark's
//! progenitor column.

fn main() {
    let path = "../../spec/fastly-customer.yaml";
    println!("cargo::rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("the spec parses");
    let mut generator = progenitor_impl::Generator::default();
    let tokens = generator.generate_tokens(&spec).expect("progenitor generates the spec");
    let file: syn::File = syn::parse2(tokens).expect("the tokens parse");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("progenitor_fastly.rs");
    std::fs::write(out, prettyplease::unparse(&file)).expect("OUT_DIR is writable");
}
