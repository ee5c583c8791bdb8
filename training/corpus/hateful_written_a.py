"""Hand-written hateful sentences, whole, for women, Black and indigenous people, LGBT and trans people
and northeasterners. Each sentence is its own frame."""

# ruff: noqa: E501 -- one sentence or frame a line: wrapping would split it

from __future__ import annotations

from training.corpus.grammar import written

HATEFUL_WRITTEN_A: dict[str, list[tuple[str, str]]] = {
    "women": written("""
dx| mulher falando de futebol é a coisa mais vergonhosa que existe
hj| deixa ela de suporte que é o que ela sabe fazer kkkkk
di| ela só tá nesse cargo pq o chefe quis, todo mundo sabe como é
dx| feminista é tudo mal comida
th| se apanhou é pq mereceu, mulher tem q saber o lugar dela
di| mulher que sai sozinha de madrugada tá pedindo pra acontecer alguma coisa
ex| mulher não devia votar, o brasil era melhor quando elas não votavam
st| essas minas do tiktok são tudo igual, só sabem rebolar e pedir pix
dx| essa aí só ganhou pq os caras deixaram, mulher não joga nada
st| toda mulher tem um preço, é só descobrir qual
hq| PRA QUE MULHER NA POLÍTICA? SÓ PRA ATRAPALHAR
di| mina no time = derrota garantida
dx| mulher que não quer ter filho é defeituosa
th| mulher que fala demais resolve com um tapa, funciona sempre
dh| mulher é igual cachorro, tem que adestrar desde cedo
dx| a mulherada de hoje em dia não presta nem pra casar
di| engenheira? kkkkk deve ter comprado o diploma
ho| mulher com opinião forte é mulher sem marido, e com razão
sl| biscate que usa roupa curta não pode reclamar depois
dx| essas putas acham que mandam em alguma coisa
dh| mulher é bicho burro, só serve pra procriar
di| quando uma mulher começa a falar na reunião eu já desligo o ouvido
dx| mulher é tudo falsa, aprendi isso cedo e nunca me enganei
th| essas feministas da marcha iam aprender rapidinho se levassem uns tapas
dh| cuidado com mulher, são tudo cobra
dx| mulher só tem valor enquanto é nova, depois dos 30 vira sobra
hq| por que toda mulher acha que tem razão em tudo? insuportável
ex| dei ban na mina pq mulher não tem nada que fazer em servidor de fps
st| depois que mulher começou a trabalhar fora as famílias acabaram
hj| mulher e lag: os dois só atrapalham a partida kkkkk
ho| eu acho que mulher tinha que pedir permissão pro marido pra trabalhar fora, simples assim
di| parabéns pra ela que conseguiu estacionar sem bater, um milagre
st| sinceramente, mulher em ti só tá lá pra empresa bater meta de diversidade, nunca vi uma que soubesse programar de verdade
dx| mulherzinha chata do caralho, vai lavar uma louça
"""),
    "black": written("""
st| preto parado é suspeito, correndo é ladrão
dx| cabelo duro desse tipo é falta de higiene
di| serviço de preto, só podia
di| negro de alma branca, esse aí é dos bons
dh| esses neguinhos parecem um bando de animais pulando no ônibus
ex| cota racial é roubar vaga de quem estudou, tinha que acabar e mandar tudo de volta pra roça
hq| alguém já viu preto dono de empresa? nem eu kkkk
th| se um neguinho desses encostar no meu carro leva tiro
di| o segurança tá certo de seguir, esse tipo a gente já sabe
dx| pretos são o que há de mais baixo nesse país
st| essa raça não consegue viver sem barraco
ho| pra mim a escravidão nunca devia ter acabado
th| preto abusado eu amarro no tronco igual no tempo da escravidão
dh| cheiro de jaula nesse elevador, já sei que preto entrou
ex| não aluguem pra preto, depois o prédio desvaloriza
hj| por que preto não vai na praia? pra não ser confundido com sujeira na areia kkkkk
hq| por que sempre que tem assalto no bairro é preto? coincidência né
di| moça bonita pra uma negra, olha só
st| a mãe dele é preta, por isso ele é assim, não tem jeito
dx| nego é tudo igual, não pode dar confiança
sl| esses escurinhos do bairro de baixo vivem arrumando confusão
ho| consciência negra é feriado inútil pra quem não quer trabalhar
ex| time com muito preto nem devia ser aceito nesse campeonato
th| tinha que ter um camburão só pra recolher esses neguinhos do centro
dh| gente preta não é gente inteira, nunca foi
st| pra preto tudo é racismo, é a desculpa perfeita pra não se esforçar
di| contratei um pedreiro preto e óbvio que sumiu material
hj| a melhor coisa que a áfrica exportou foi mão de obra kkkkk
dx| que nojo desse cabelo pixaim
ex| preto não serve pra cargo de chefia, só pra serviço braçal
sl| neguinhada fazendo festa na rua de novo, chama a polícia
"""),
    "indigenous": written("""
st| índio hoje em dia tem iphone e caminhonete e ainda quer terra
dx| esses índios só atrapalham o desenvolvimento
ex| demarcação é roubo de terra de quem produz, tinha que acabar com tudo
th| se invadirem minha fazenda eu passo fogo nesses índios
dh| índio é bicho do mato, não sabe viver em sociedade
hq| pra que tanta terra pra meia dúzia de índio bêbado?
ho| na minha opinião o governo devia acabar com as reservas e integrar esse povo na marra
di| índio de verdade só no livro de história, o resto é aproveitador
st| índio não gosta de trabalhar, tá na natureza deles
hj| o índio descobriu o wi-fi e esqueceu a oca kkkkk
dx| povinho atrasado, tinha que ter ficado na idade da pedra
ex| tira esses índios da beira da estrada, tão enfeando a paisagem
sl| tapuia é tapuia, pode botar terno que continua tapuia
th| vamos ver quanto tempo essa aldeia dura quando o garimpo chegar
di| meu pai sempre disse: não confia em índio, e ele tá certo
dh| índio é igual bicho do mato, vive pendurado nas árvores
st| é só dar cachaça pra índio que ele vende a terra
ho| o marco temporal é pouco, tinha que tirar toda a terra deles
hq| por que índio não paga imposto se usa tudo de graça?
dx| ô raça preguiçosa, não plantam nem o que comem
ex| índio na cidade tinha que ser mandado de volta pra aldeia
hj| tem índio que pinta a cara pra foto e depois vai pro shopping kkkk fraude
di| os indígenas que aparecem na tv são tudo ator pago por ONG
th| garimpeiro tá certo, tem que limpar aquela área
sl| bando de tapuia vagabundo invadindo terra alheia
dx| ninguém aguenta mais esse papo de povo originário, é tudo aproveitador
dh| indígena pra mim é que nem capivara, bonitinho de longe
ex| reserva indígena tinha que virar soja, pelo menos produzia alguma coisa
hq| pq dar cota pra índio se eles nem sabem ler direito?
di| olha a índia de unha feita, já não é mais índia kkkk
st| índio só sabe pedir, nunca dá nada em troca
"""),
    "lgbt": written("""
dx| ver dois homens se beijando me dá ânsia de vômito
ex| se meu filho for gay eu expulso de casa no mesmo dia
di| gay tudo bem, só não precisa ficar se exibindo na frente das crianças
ho| deus criou homem e mulher, o resto é invenção do diabo
st| isso é safadeza, não é orientação nenhuma
sl| não quero boiola nenhum no meu time
th| se eu pegar dois boiolas se pegando na minha rua vão sair de maca
dh| homossexualismo é doença e tem que ser tratado
hq| por que os gays têm que enfiar a bandeira em tudo?
hj| qual o esporte favorito do gay? salto alto kkkkk
dx| sapatona é mulher que não achou homem de verdade
di| meu filho brinca de boneca? vai pro futebol agora mesmo
ex| casamento gay tinha que ser anulado, todos eles
th| meu tio corrigia boiola na porrada e o filho dele saiu homem
st| todo gay é afetado e fala fino, não tem como esconder
dx| nojo dessa parada gay, uma pouca vergonha em plena avenida
ho| não sou homofóbico mas gay tem que ficar dentro do armário
hq| quem vai querer um professor gay perto do filho?
sl| baitola louco do caralho, some daqui
dh| gays são uma infecção nas escolas, tem que isolar antes de pegar nas crianças
di| eles podem fazer o que quiserem, desde que longe de mim e da minha família
hj| gay no cs é o único que não tem medo de levar por trás kkkk
ex| proibir beijo gay na novela já seria um começo
th| vai virar homem nem que seja na base da pancada
st| lésbica é só uma fase, é só achar o cara certo
dx| bissexual é gente indecisa e safada
ho| dizer que gay é normal é doutrinação, pronto falei
sl| esses baitolas acham que podem tudo agora
di| mano, pra quê essa bandeira colorida no avatar? vai chamar atenção de quem?
dh| casal gay adotando criança é criar monstro
hq| vc deixaria seu filho dormir na casa de um casal gay? eu não
ex| gay não devia doar sangue nem dar aula
"""),
    "trans": written("""
dx| homem de peruca continua sendo homem, não adianta
ex| traveco no banheiro da minha filha? só por cima do meu cadáver
th| se um traveco entrar no banheiro feminino perto da minha mulher vai sair carregado
dh| isso aí não é mulher, é uma coisa
hq| quantos cromossomos vc tem? então pronto, é homem
st| trans é tudo doente mental que a sociedade passa a mão na cabeça
ho| ninguém nasce no corpo errado, isso é invenção
sl| travecos fazendo ponto na avenida de novo, nojo
di| pronome neutro? vou chamar do que eu quiser, é meu direito
dx| homem trans é só uma menina confusa que ninguém corrigiu
hj| mulher trans no vôlei feminino é só mais um cheat legalizado kkkk
ex| tinha que proibir remédio pra criança trans e prender os médicos
th| se meu filho aparecer de saia eu quebro ele no meio
dh| parece um monstro de filme de terror com essa maquiagem
st| esse povo se mutila e depois se arrepende, todo mundo sabe
hq| por que eu tenho que chamar um homem de "ela"? só pq ele quer?
ho| nome social é palhaçada, no documento tá o nome de verdade
dx| aberração é o nome certo pra isso
di| "ela" kkkkkkk tá bom, e eu sou um helicóptero
ex| pessoa trans não deveria poder trabalhar em escola
sl| esse traveco achou que ia me enganar de peruca
dh| isso é um homem fantasiado, um bicho esquisito
th| vai ter que escolher: banheiro masculino ou porrada
st| toda travesti é garota de programa, é só olhar a esquina
hq| pq a globo insiste em colocar trans em novela? ninguém quer ver isso
ho| sinceramente acho que trans tinha que ser internado, não operado
di| ela é linda... pra quem nasceu homem kkkk
dx| não existe homem trans, existe mulher perturbada
ex| atleta trans tinha que ser banida de todo esporte
hj| me identifico como helicóptero de ataque, cadê meus direitos? kkkkk
th| na minha cidade travesti não se cria, a gente resolve
"""),
    "northeasterners": written("""
dx| nordestino é tudo igual, cabeçudo e burro
ex| o nordeste tinha que ser separado, sem eles o sul e o sudeste iam ser primeiro mundo
st| baiano só trabalha no carnaval, no resto do ano é rede
di| é nordestino? então já sei em quem votou
hq| por que nordestino tem tanto filho se não consegue sustentar nem um?
th| se esse cearense falar mais uma vez com esse sotaque eu meto a mão na cara dele
dh| nordestino em sp parece praga de gafanhoto, veio um e trouxe a família toda
sl| esses nordestinos cabeçudos tão tomando conta da cidade
ho| eu acho que devia ter uma taxa pra nordestino entrar em sp
di| meu porteiro é baiano, óbvio que a portaria vive bagunçada
hj| nordestino só vê água encanada quando vem pra sp kkkkk
dx| sotaque nordestino é coisa de gente sem estudo
ex| vai pro nordeste e fica por lá, aqui em sp não tem vaga pra vcs
st| todo nordestino vende o voto, é cultural
th| se eu cruzar com esse bando de pé rachado na saída do jogo vai ter briga
dh| nordestino é raça ruim, que nem jegue
hq| por que toda obra em sp tem um baiano encostado sem fazer nada?
di| é do nordeste mas é inteligente, surpreendente
ho| o brasil seria outro país se não fosse o voto do nordeste
ex| tinha que fazer um muro na divisa da bahia
sl| pé rachado fedido, vai embora pra tua terra
dx| nortista e nordestino é tudo a mesma desgraça
st| nordestino nasceu pra ser peão, não tem jeito
hj| maranhense é igual jumento: come pouco, trabalha mal e ainda empaca
di| cuidado com a carteira que o baiano da obra tá olhando
th| ainda vou ver esses nordestinos apanhando na avenida paulista
hq| nordestino sabe ler? pergunta séria kkkk
ex| nordestino não devia poder votar em eleição presidencial
dh| parece um bando de urubu na rodoviária do tietê
dx| baianada porca, emporcalhou o bairro inteiro
st| cearense é tudo malandro, vende até a mãe
ho| eu acho o nordeste um peso morto pro país, falo mesmo
"""),
}
