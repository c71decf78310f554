function foo() {
  console.log("I'm defined in background.js");
}
